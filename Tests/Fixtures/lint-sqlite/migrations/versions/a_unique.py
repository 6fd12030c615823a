"""a unique column, by raw SQL

Revision ID: a_unique
"""
from alembic import op
import sqlalchemy as sa

revision = "a_unique"
down_revision = "s1"
branch_labels = ("unique",)


def upgrade():
    # Alembic's add_column(unique=True) needs batch mode on SQLite; raw SQL gets this far.
    op.execute("ALTER TABLE t ADD COLUMN code VARCHAR(10) UNIQUE")


def downgrade():
    pass

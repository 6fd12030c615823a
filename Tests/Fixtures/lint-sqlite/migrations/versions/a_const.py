"""a column with a constant default

Revision ID: a_const
"""
from alembic import op
import sqlalchemy as sa

revision = "a_const"
down_revision = "s1"
branch_labels = ("const",)


def upgrade():
    op.add_column("t", sa.Column("label", sa.String(10), server_default="x"))


def downgrade():
    pass

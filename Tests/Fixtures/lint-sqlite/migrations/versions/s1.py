"""a table

Revision ID: s1
"""
from alembic import op
import sqlalchemy as sa

revision = "s1"
down_revision = None
branch_labels = None


def upgrade():
    op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.String(50)))


def downgrade():
    pass

"""NOT NULL with a default, and a nullable column

Revision ID: a_default
"""
from alembic import op
import sqlalchemy as sa

revision = "a_default"
down_revision = "s1"
branch_labels = ("default",)


def upgrade():
    op.add_column("t", sa.Column("counted", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("t", sa.Column("note", sa.String(20)))


def downgrade():
    pass

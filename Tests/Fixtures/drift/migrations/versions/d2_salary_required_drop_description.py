"""salary required, drop description

Revision ID: d2
Revises: d1
Create Date: 2026-12-01 10:01:00
"""
from alembic import op
import sqlalchemy as sa

revision = "d2"
down_revision = "d1"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("jobs") as b:
        b.alter_column("salary", existing_type=sa.Integer(), nullable=False, server_default="0")
        b.drop_column("description")


def downgrade():
    with op.batch_alter_table("jobs") as b:
        b.add_column(sa.Column("description", sa.Text(), nullable=True))
        b.alter_column("salary", existing_type=sa.Integer(), nullable=True, server_default=None)

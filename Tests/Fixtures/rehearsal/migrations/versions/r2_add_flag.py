"""add flag

Revision ID: r2
Revises: r1
Create Date: 2026-12-01 11:01:00
"""
from alembic import op
import sqlalchemy as sa

revision = "r2"
down_revision = "r1"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("items", sa.Column("flag", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute("UPDATE items SET flag = true WHERE note IS NOT NULL")


def downgrade():
    with op.batch_alter_table("items") as batch_op:
        batch_op.drop_column("flag")

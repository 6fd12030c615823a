"""note required

Revision ID: r4
Revises: r3
Create Date: 2026-12-01 11:03:00
"""
from alembic import op
import sqlalchemy as sa

revision = "r4"
down_revision = "r3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("items") as batch_op:
        batch_op.alter_column("note", existing_type=sa.Text(), nullable=False)


def downgrade():
    with op.batch_alter_table("items") as batch_op:
        batch_op.alter_column("note", existing_type=sa.Text(), nullable=True)

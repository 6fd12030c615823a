"""unique code

Revision ID: r3
Revises: r2
Create Date: 2026-12-01 11:02:00
"""
from alembic import op

revision = "r3"
down_revision = "r2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ux_items_code", "items", ["code"], unique=True)


def downgrade():
    op.drop_index("ux_items_code", table_name="items")

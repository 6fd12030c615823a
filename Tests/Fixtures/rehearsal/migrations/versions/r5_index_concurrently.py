"""index flag concurrently

Revision ID: r5
Revises: r4
Create Date: 2026-12-01 11:04:00
"""
from alembic import op

revision = "r5"
down_revision = "r4"
branch_labels = None
depends_on = None


def upgrade():
    with op.get_context().autocommit_block():
        op.create_index("ix_items_flag", "items", ["flag"], postgresql_concurrently=True)


def downgrade():
    with op.get_context().autocommit_block():
        op.drop_index("ix_items_flag", table_name="items", postgresql_concurrently=True)

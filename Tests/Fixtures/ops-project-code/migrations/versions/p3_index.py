"""index, with SQLite's foreign keys off around it

Revision ID: p3
Revises: p2
"""
from alembic import op

import shop.migrations.utils as mu

revision = "p3"
down_revision = "p2"
branch_labels = None
depends_on = None


def upgrade():
    with mu.sqlite_foreign_keys_off():
        op.create_index("ix_shop_items_code", "shop_items", ["code"])


def downgrade():
    with mu.sqlite_foreign_keys_off():
        op.drop_index("ix_shop_items_code", table_name="shop_items")

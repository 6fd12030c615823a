"""columns of application types

Revision ID: p2
Revises: p1
"""
import sqlalchemy as sa
from alembic import op

from shop.migrations import utils
from shop.types import GUID, Code, ShortSlug

revision = "p2"
down_revision = "p1"
branch_labels = None
depends_on = None


def upgrade():
    utils.add_columns(
        "shop_items",
        utils.slug_column(),
        sa.Column("code", Code(12)),
        sa.Column("uid", GUID(), nullable=True),
        sa.Column("short", ShortSlug()),
    )
    utils.add_columns("shop_items")


def downgrade():
    for name in ("short", "uid", "code", "slug"):
        op.drop_column("shop_items", name)

"""items

Revision ID: p1
Revises:
"""
import sqlalchemy as sa
from alembic import op

from shop.migrations.utils import DEFAULT_LENGTH, STATUSES, create_named_table

revision = "p1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    create_named_table(
        "items",
        sa.Column("title", sa.String(DEFAULT_LENGTH), nullable=False),
        sa.Column("status", sa.String(10), server_default=STATUSES[0]),
        comment="what the shop sells",
    )


def downgrade():
    op.drop_table("shop_items")

"""a type through the package's module attribute

Revision ID: p4
Revises: p3
"""
import sqlalchemy as sa
from alembic import op

import shop.types

revision = "p4"
down_revision = "p3"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("shop_items", sa.Column("label", shop.types.Slug(), nullable=True))


def downgrade():
    op.drop_column("shop_items", "label")

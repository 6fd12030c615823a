"""create daily sales table

Revision ID: 9e1a7c3f5b82
Revises: e2b4f6a8c0d1
Create Date: 2025-04-07 09:03:26.148830

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '9e1a7c3f5b82'
down_revision: Union[str, Sequence[str], None] = 'e2b4f6a8c0d1'
branch_labels: Union[str, Sequence[str], None] = ('reporting',)
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "daily_sales",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("revenue_cents", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"]),
        sa.PrimaryKeyConstraint("day", "product_id"),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("daily_sales")

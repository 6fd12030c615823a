"""add status to orders

Revision ID: a93f0b4c6e12
Revises: 7c2d5e8f1a64
Create Date: 2025-03-18 16:22:09.031544

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'a93f0b4c6e12'
down_revision: Union[str, Sequence[str], None] = '7c2d5e8f1a64'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column(
        "orders",
        sa.Column("status", sa.String(length=20), server_default="pending", nullable=False),
    )
    op.create_index("ix_orders_status", "orders", ["status"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_orders_status", table_name="orders")
    op.drop_column("orders", "status")

"""add region to daily sales

Revision ID: b7f2e9d4a613
Revises: 9e1a7c3f5b82
Create Date: 2025-04-15 15:41:12.509377

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'b7f2e9d4a613'
down_revision: Union[str, Sequence[str], None] = '9e1a7c3f5b82'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column("daily_sales", sa.Column("region", sa.String(length=8), nullable=True))
    op.create_index("ix_daily_sales_region_day", "daily_sales", ["region", "day"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_daily_sales_region_day", table_name="daily_sales")
    op.drop_column("daily_sales", "region")

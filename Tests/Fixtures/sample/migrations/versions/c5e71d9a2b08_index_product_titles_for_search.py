"""index product titles for search

Revision ID: c5e71d9a2b08
Revises: 7c2d5e8f1a64
Create Date: 2025-03-19 08:47:55.912003

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'c5e71d9a2b08'
down_revision: Union[str, Sequence[str], None] = '7c2d5e8f1a64'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_index("ix_products_title", "products", ["title"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_products_title", table_name="products")

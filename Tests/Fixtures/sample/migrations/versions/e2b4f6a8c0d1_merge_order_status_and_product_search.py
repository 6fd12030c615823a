"""merge order status and product search

Revision ID: e2b4f6a8c0d1
Revises: a93f0b4c6e12, c5e71d9a2b08
Create Date: 2025-03-20 11:30:14.257860

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'e2b4f6a8c0d1'
down_revision: Union[str, Sequence[str], None] = ('a93f0b4c6e12', 'c5e71d9a2b08')
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    pass


def downgrade() -> None:
    """Downgrade schema."""
    pass

"""add last_login to users

Revision ID: 3d6c8b1e5f27
Revises: e2b4f6a8c0d1
Create Date: 2025-04-02 13:58:40.774192

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '3d6c8b1e5f27'
down_revision: Union[str, Sequence[str], None] = 'e2b4f6a8c0d1'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column("users", sa.Column("last_login", sa.DateTime(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("users", "last_login")

"""create users

An ordinary revision, so that the opaque ones have a table to work on.

Revision ID: c0ffee000001
Revises:
Create Date: 2025-04-03 09:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'c0ffee000001'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(255)),
        sa.Column("name", sa.String(100)),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("users")

"""quoted identifiers

Names that need quoting: reserved words ("user" is reserved only on PostgreSQL, "order",
"select" and "group" on both), MixedCase, spaces and embedded double quotes.

Revision ID: e6f8a0b2c4d9
Revises: 5a7c9e1b3d84
Create Date: 2025-04-01 09:40:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'e6f8a0b2c4d9'
down_revision: Union[str, Sequence[str], None] = '5a7c9e1b3d84'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "user",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("order", sa.Integer),
        sa.Column("MixedCase", sa.String(10)),
        sa.Column("has space", sa.String(10)),
        sa.Column('say "hi"', sa.String(10)),
        sa.Column("select", sa.Boolean),
        sa.Column("group", sa.String(10), server_default="staff"),
        sa.UniqueConstraint("MixedCase", name="uq_user_MixedCase"),
    )
    op.create_index("ix_user_order", "user", ["order", "MixedCase"])
    op.create_table(
        "CamelTable",
        sa.Column("Id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("user.id")),
        sa.Column("Value Text", sa.Text, comment="it's quoted"),
    )
    op.create_index("IX_CamelTable_UserId", "CamelTable", ["user_id"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("IX_CamelTable_UserId", table_name="CamelTable")
    op.drop_table("CamelTable")
    op.drop_index("ix_user_order", table_name="user")
    op.drop_table("user")

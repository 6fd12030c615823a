"""orders with table constraints

Table-level PrimaryKeyConstraint, UniqueConstraint, CheckConstraint,
ForeignKeyConstraint and Index inside create_table, op.f() names, and a table called
"order" (a reserved word, quoted everywhere).

Revision ID: 5a7c9e1b3d84
Revises: c4b9e1d7a352
Create Date: 2025-04-01 09:30:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '5a7c9e1b3d84'
down_revision: Union[str, Sequence[str], None] = 'c4b9e1d7a352'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

ORDER_TABLE = "order"
LINE_TABLE = ORDER_TABLE + "_line"


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        ORDER_TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("account_id", sa.BigInteger(), nullable=True),
        sa.Column("total", sa.Numeric(10, 2), nullable=False, server_default="0"),
        sa.Column("note", sa.String(200)),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.func.now()),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order")),
        sa.UniqueConstraint("number", name="uq_order_number"),
        sa.UniqueConstraint("user_id", "note"),
        sa.CheckConstraint("total >= 0", name="ck_order_total_positive"),
        sa.CheckConstraint(sa.text("number <> ''")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name="fk_order_user_id_users",
            ondelete="SET NULL",
            onupdate="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], deferrable=True, initially="DEFERRED"
        ),
        sa.Index("ix_order_created_at", "created_at"),
        sa.Index("ix_order_number_lower", sa.text("lower(number)"), unique=True),
    )
    op.create_table(
        LINE_TABLE,
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.SmallInteger(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("sku", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("order_id", "line_no", name="pk_order_line"),
        sa.ForeignKeyConstraint(["order_id"], ["order.id"], ondelete="CASCADE"),
        sa.CheckConstraint("quantity > 0", name="ck_order_line_quantity"),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table(LINE_TABLE)
    op.drop_table(ORDER_TABLE)

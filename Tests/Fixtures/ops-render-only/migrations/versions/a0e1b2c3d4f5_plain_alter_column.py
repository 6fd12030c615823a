"""plain alter_column

alter_column outside batch mode on every dialect. SQLite gets ALTER TABLE ... ALTER
COLUMN text it cannot run, and the statements of a multi-change alter_column come in a
different order than on PostgreSQL.

Revision ID: a0e1b2c3d4f5
Revises:
Create Date: 2025-04-02 09:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'a0e1b2c3d4f5'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(50)),
        sa.Column("qty", sa.Integer, server_default="0"),
        sa.Column("seen", sa.DateTime),
        sa.Column("code", sa.String(10)),
        sa.Column("kind", sa.String(10)),
    )
    op.alter_column("items", "name", nullable=False, existing_type=sa.String(50))
    op.alter_column("items", "qty", type_=sa.BigInteger(), existing_type=sa.Integer())
    op.alter_column("items", "qty", server_default="1", existing_server_default="0")
    op.alter_column("items", "seen", server_default=sa.text("CURRENT_TIMESTAMP"))
    op.alter_column("items", "seen", server_default=sa.func.now())
    op.alter_column("items", "code", new_column_name="sku", existing_type=sa.String(10))
    op.alter_column(
        "items",
        "sku",
        nullable=False,
        type_=sa.String(20),
        server_default="none",
        new_column_name="stock_code",
        existing_type=sa.String(10),
        existing_nullable=True,
    )
    op.alter_column(
        "items",
        "kind",
        type_=sa.Enum("small", "large", name="item_kind"),
        existing_type=sa.String(10),
        postgresql_using="kind::item_kind",
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.alter_column("items", "kind", type_=sa.String(10), existing_type=sa.Enum("small", "large", name="item_kind"))
    op.alter_column(
        "items",
        "stock_code",
        nullable=True,
        type_=sa.String(10),
        server_default=None,
        new_column_name="code",
        existing_type=sa.String(20),
        existing_nullable=False,
    )
    op.alter_column("items", "seen", server_default=None)
    op.alter_column("items", "qty", type_=sa.Integer(), server_default="0", existing_type=sa.BigInteger())
    op.alter_column("items", "name", nullable=True, existing_type=sa.String(50))
    op.drop_table("items")

"""add, drop and rename

rename_table, add_column (server defaults, comment, index=True, a native enum whose
type the script creates itself: add_column never emits CREATE TYPE), drop_column,
drop_table, and the table comment operations (PostgreSQL only: SQLite has no COMMENT).

Revision ID: 71d3f5b7a9c0
Revises: e6f8a0b2c4d9
Create Date: 2025-04-01 09:50:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '71d3f5b7a9c0'
down_revision: Union[str, Sequence[str], None] = 'e6f8a0b2c4d9'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

USERS_COMMENT = "people who can sign in"
CHANNELS = ("web", "phone", "shop")


def upgrade() -> None:
    """Upgrade schema."""
    dialect = op.get_context().dialect.name
    op.rename_table("type_zoo", "zoo")
    op.drop_column("zoo", "notes")
    op.add_column("users", sa.Column("nickname", sa.String(50), nullable=True))
    op.add_column(
        "users",
        sa.Column("is_active", sa.Boolean(), nullable=False, server_default=sa.true()),
    )
    op.add_column("users", sa.Column("bio", sa.Text(), comment="free text"))
    op.add_column("users", sa.Column("last_seen_at", sa.DateTime(), index=True))
    if dialect == "postgresql":
        op.execute("CREATE TYPE order_channel AS ENUM ('web', 'phone', 'shop')")
    op.add_column(
        "order",
        sa.Column("channel", sa.Enum(*CHANNELS, name="order_channel"), server_default="web"),
    )
    op.drop_table("legacy_sessions")
    if dialect == "postgresql":
        op.create_table_comment("profiles", "public profile data", existing_comment=None)
        op.drop_table_comment("users", existing_comment=USERS_COMMENT)


def downgrade() -> None:
    """Downgrade schema."""
    dialect = op.get_context().dialect.name
    if dialect == "postgresql":
        op.create_table_comment("users", USERS_COMMENT, existing_comment=None)
        op.drop_table_comment("profiles", existing_comment="public profile data")
    op.create_table(
        "legacy_sessions",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer),
        sa.Column("expires_at", sa.DateTime),
    )
    op.drop_column("order", "channel")
    if dialect == "postgresql":
        op.execute("DROP TYPE order_channel")
    op.drop_index("ix_users_last_seen_at", table_name="users")
    op.drop_column("users", "last_seen_at")
    op.drop_column("users", "bio")
    op.drop_column("users", "is_active")
    op.drop_column("users", "nickname")
    op.add_column("zoo", sa.Column("notes", sa.UnicodeText()))
    op.rename_table("zoo", "type_zoo")

"""users, accounts and profiles

Column options: primary_key, nullable, default (Python-side, no DDL), server_default as
a string, sa.text(), sa.func.now(), sa.false(), autoincrement, unique, index, comment,
Identity, Computed and ForeignKey; a table comment.

Revision ID: c4b9e1d7a352
Revises: 8e2d4c6b0a17
Create Date: 2025-04-01 09:20:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String


# revision identifiers, used by Alembic.
revision: str = 'c4b9e1d7a352'
down_revision: Union[str, Sequence[str], None] = '8e2d4c6b0a17'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "users",
        Column("id", Integer, primary_key=True),
        Column("email", String(255), nullable=False, unique=True),
        Column("display_name", String(100), index=True, comment="shown to other users"),
        Column("score", Integer, nullable=False, default=0, server_default="0"),
        Column("is_admin", Boolean, nullable=False, server_default=sa.false()),
        Column("created_at", DateTime, nullable=False, server_default=sa.func.now()),
        Column(
            "updated_at",
            DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
        ),
        comment="people who can sign in",
    )
    op.create_table(
        "accounts",
        Column(
            "id",
            sa.BigInteger,
            sa.Identity(start=1000, increment=1),
            primary_key=True,
        ),
        Column("owner_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        Column("balance", sa.Numeric(12, 2), nullable=False, server_default="0"),
        Column("balance_cents", sa.BigInteger, sa.Computed("balance * 100", persisted=True)),
        Column("currency", String(3), nullable=False, server_default=sa.text("'EUR'")),
    )
    op.create_table(
        "user_roles",
        Column(
            "user_id",
            Integer,
            ForeignKey("users.id", name="fk_user_roles_user_id"),
            primary_key=True,
            autoincrement=False,
        ),
        Column("role", String(20), primary_key=True),
        Column("granted_at", DateTime, server_default=sa.func.current_timestamp()),
    )
    op.create_table(
        "profiles",
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
        Column("headline", String(100), comment="one line about the user"),
        Column("karma", Integer, server_default="0"),
        Column("nickname", String(50)),
        Column("website", String(200), nullable=False, server_default=""),
        Column("edited_at", DateTime),
    )
    op.create_table(
        "legacy_sessions",
        Column("token", String(64), primary_key=True),
        Column("user_id", Integer),
        Column("expires_at", DateTime),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("legacy_sessions")
    op.drop_table("profiles")
    op.drop_table("user_roles")
    op.drop_table("accounts")
    op.drop_table("users")

"""alter profile columns

alter_column with nullable, type_, server_default (string, None, sa.func.now()),
new_column_name, comment, the existing_* hints and postgresql_using. SQLite cannot
ALTER a column, so there the same changes go through batch mode with copy_from.

Revision ID: 9b0d2f4a6c81
Revises: 71d3f5b7a9c0
Create Date: 2025-04-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '9b0d2f4a6c81'
down_revision: Union[str, Sequence[str], None] = '71d3f5b7a9c0'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def profiles_before():
    """The profiles table as revision c4b9e1d7a352 made it."""
    return sa.Table(
        "profiles",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("headline", sa.String(100), comment="one line about the user"),
        sa.Column("karma", sa.Integer, server_default="0"),
        sa.Column("nickname", sa.String(50)),
        sa.Column("website", sa.String(200), nullable=False, server_default=""),
        sa.Column("edited_at", sa.DateTime),
    )


def profiles_after():
    """The profiles table after this revision's upgrade."""
    return sa.Table(
        "profiles",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("headline", sa.String(200), nullable=False, comment="one line, longer"),
        sa.Column("karma", sa.BigInteger, server_default="10"),
        sa.Column("handle", sa.String(50)),
        sa.Column("website", sa.String(200), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
    )


def upgrade() -> None:
    """Upgrade schema."""
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("profiles", copy_from=profiles_before()) as batch_op:
            batch_op.alter_column(
                "headline",
                existing_type=sa.String(100),
                type_=sa.String(200),
                nullable=False,
                existing_nullable=True,
                comment="one line, longer",
                existing_comment="one line about the user",
            )
            batch_op.alter_column(
                "karma",
                existing_type=sa.Integer(),
                type_=sa.BigInteger(),
                server_default="10",
                existing_server_default="0",
            )
            batch_op.alter_column("nickname", new_column_name="handle", existing_type=sa.String(50))
            batch_op.alter_column(
                "website", server_default=None, existing_type=sa.String(200), existing_nullable=False
            )
            batch_op.alter_column(
                "edited_at",
                type_=sa.DateTime(timezone=True),
                existing_type=sa.DateTime(),
                server_default=sa.func.now(),
            )
    else:
        op.alter_column(
            "profiles",
            "headline",
            existing_type=sa.String(100),
            type_=sa.String(200),
            nullable=False,
            existing_nullable=True,
            comment="one line, longer",
            existing_comment="one line about the user",
        )
        op.alter_column(
            "profiles",
            "karma",
            existing_type=sa.Integer(),
            type_=sa.BigInteger(),
            server_default="10",
            existing_server_default="0",
        )
        op.alter_column("profiles", "nickname", new_column_name="handle", existing_type=sa.String(50))
        op.alter_column(
            "profiles",
            "website",
            server_default=None,
            existing_type=sa.String(200),
            existing_nullable=False,
        )
        op.alter_column(
            "profiles",
            "edited_at",
            type_=sa.DateTime(timezone=True),
            existing_type=sa.DateTime(),
            server_default=sa.func.now(),
            postgresql_using="edited_at AT TIME ZONE 'UTC'",
        )
        op.alter_column(
            "order",
            "number",
            type_=sa.Text(),
            existing_type=sa.String(20),
            existing_nullable=False,
            postgresql_using="number::text",
        )


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("profiles", copy_from=profiles_after()) as batch_op:
            batch_op.alter_column(
                "edited_at",
                type_=sa.DateTime(),
                existing_type=sa.DateTime(timezone=True),
                server_default=None,
            )
            batch_op.alter_column(
                "website", server_default="", existing_type=sa.String(200), existing_nullable=False
            )
            batch_op.alter_column("handle", new_column_name="nickname", existing_type=sa.String(50))
            batch_op.alter_column(
                "karma",
                existing_type=sa.BigInteger(),
                type_=sa.Integer(),
                server_default="0",
                existing_server_default="10",
            )
            batch_op.alter_column(
                "headline",
                existing_type=sa.String(200),
                type_=sa.String(100),
                nullable=True,
                existing_nullable=False,
                comment="one line about the user",
                existing_comment="one line, longer",
            )
    else:
        op.alter_column(
            "order",
            "number",
            type_=sa.String(20),
            existing_type=sa.Text(),
            existing_nullable=False,
        )
        op.alter_column(
            "profiles",
            "edited_at",
            type_=sa.DateTime(),
            existing_type=sa.DateTime(timezone=True),
            server_default=None,
            postgresql_using="edited_at AT TIME ZONE 'UTC'",
        )
        op.alter_column(
            "profiles",
            "website",
            server_default="",
            existing_type=sa.String(200),
            existing_nullable=False,
        )
        op.alter_column("profiles", "handle", new_column_name="nickname", existing_type=sa.String(50))
        op.alter_column(
            "profiles",
            "karma",
            existing_type=sa.BigInteger(),
            type_=sa.Integer(),
            server_default="0",
            existing_server_default="10",
        )
        op.alter_column(
            "profiles",
            "headline",
            existing_type=sa.String(200),
            type_=sa.String(100),
            nullable=True,
            existing_nullable=False,
            comment="one line about the user",
            existing_comment="one line, longer",
        )

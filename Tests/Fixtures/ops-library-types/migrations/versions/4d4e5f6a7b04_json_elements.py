"""JSON elements as strings and integers

`column["key"].as_string()` and `column[["a", "b"]].as_integer()` in an index, its WHERE
clause and a computed column (as phoenix writes them).

Revision ID: 4d4e5f6a7b04
Revises: 3c3d4e5f6a03
Create Date: 2026-12-02 10:15:00.000000

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "4d4e5f6a7b04"
down_revision = "3c3d4e5f6a03"
branch_labels = None
depends_on = None

JSON_ = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    payload = sa.Column("payload", JSON_, nullable=False)
    op.create_table(
        "messages",
        sa.Column("id", sa.Integer, primary_key=True),
        payload,
        sa.Column("kind", sa.String, sa.Computed(payload["kind"].as_string(), persisted=True)),
    )
    user_id = sa.column("payload", JSON_)[["user", "id"]].as_string()
    op.create_index(
        "ix_messages_user_id",
        "messages",
        [user_id],
        postgresql_where=user_id.is_not(None),
        sqlite_where=user_id.is_not(None),
    )
    op.create_index("ix_messages_first", "messages", [sa.column("payload", JSON_)[["items", 0]].as_integer()])


def downgrade() -> None:
    op.drop_index("ix_messages_first", table_name="messages")
    op.drop_index("ix_messages_user_id", table_name="messages")
    op.drop_table("messages")

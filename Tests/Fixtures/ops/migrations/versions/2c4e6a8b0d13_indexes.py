"""indexes

create_index and drop_index: unique, op.f(), sa.text() expressions, if_not_exists and
if_exists, postgresql_where/sqlite_where, postgresql_using, and postgresql_concurrently
inside an autocommit block (COMMIT and BEGIN around it on PostgreSQL, nothing on SQLite).
Imports op with the `import alembic.op as op` spelling.

Revision ID: 2c4e6a8b0d13
Revises: 9b0d2f4a6c81
Create Date: 2025-04-01 10:10:00.000000

"""
from typing import Sequence, Union

import alembic.op as op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '2c4e6a8b0d13'
down_revision: Union[str, Sequence[str], None] = '9b0d2f4a6c81'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_index(op.f("ix_users_email_created_at"), "users", ["email", "created_at"])
    op.create_index("ix_users_email_lower", "users", [sa.text("lower(email)")], unique=True)
    op.create_index(
        "ix_order_open",
        "order",
        ["created_at"],
        postgresql_where=sa.text("total > 0"),
        sqlite_where=sa.text("total > 0"),
    )
    op.create_index(
        "ix_accounts_currency",
        "accounts",
        ["currency"],
        if_not_exists=True,
        postgresql_using="hash",
    )
    op.create_index("ix_profiles_handle_desc", "profiles", [sa.text("handle DESC"), "id"])
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_order_user_id", "order", ["user_id"], postgresql_concurrently=True
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.get_context().autocommit_block():
        op.drop_index("ix_order_user_id", table_name="order", postgresql_concurrently=True)
    op.drop_index("ix_profiles_handle_desc", table_name="profiles")
    op.drop_index("ix_accounts_currency", table_name="accounts", if_exists=True)
    op.drop_index("ix_order_open", table_name="order")
    op.drop_index("ix_users_email_lower", table_name="users")
    op.drop_index(op.f("ix_users_email_created_at"), table_name="users")

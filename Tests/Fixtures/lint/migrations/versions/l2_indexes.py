"""indexes on an existing table: plain and concurrently

Revision ID: l2
"""
from alembic import op
import sqlalchemy as sa

revision = "l2"
down_revision = "l1"


def upgrade():
    op.create_index("ix_accounts_name", "accounts", ["name"])
    op.drop_index("ix_events_title", table_name="events")
    with op.get_context().autocommit_block():
        op.create_index("ix_events_at", "events", ["at"], postgresql_concurrently=True)
        op.drop_index("ix_accounts_name", table_name="accounts", postgresql_concurrently=True)


def downgrade():
    with op.get_context().autocommit_block():
        op.create_index("ix_accounts_name", "accounts", ["name"], postgresql_concurrently=True)
        op.drop_index("ix_events_at", table_name="events", postgresql_concurrently=True)
    op.create_index("ix_events_title", "events", ["title"])
    op.drop_index("ix_accounts_name", table_name="accounts")

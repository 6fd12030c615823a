"""constraints: validated, NOT VALID, unique and unique on an index built concurrently

Revision ID: l4
"""
from alembic import op
import sqlalchemy as sa

revision = "l4"
down_revision = "l3"


def upgrade():
    op.create_foreign_key("fk_events_account", "events", "accounts", ["account_id"], ["id"])
    op.create_foreign_key(
        "fk_events_account2", "events", "accounts", ["account_id"], ["id"], postgresql_not_valid=True
    )
    op.create_check_constraint("ck_events_title", "events", sa.text("length(title) > 0"))
    op.create_check_constraint(
        "ck_events_kind", "events", sa.text("kind <> ''"), postgresql_not_valid=True
    )
    # Validated in the transaction that added it: the scan blocks writes all the same.
    op.execute("ALTER TABLE events VALIDATE CONSTRAINT ck_events_kind")
    op.create_unique_constraint("uq_events_token", "events", ["token"])
    op.execute("ALTER TABLE events ADD CONSTRAINT uq_events_state UNIQUE USING INDEX ix_events_at")


def downgrade():
    op.drop_constraint("uq_events_state", "events", type_="unique")
    op.drop_constraint("uq_events_token", "events", type_="unique")
    op.drop_constraint("ck_events_kind", "events", type_="check")
    op.drop_constraint("ck_events_title", "events", type_="check")
    op.drop_constraint("fk_events_account2", "events", type_="foreignkey")
    op.drop_constraint("fk_events_account", "events", type_="foreignkey")

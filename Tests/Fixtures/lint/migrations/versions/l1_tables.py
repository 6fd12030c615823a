"""tables: 32-bit keys, serial, varchar(n) and timestamp; then the types squawk prefers

Revision ID: l1
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "l1"
down_revision = None


def upgrade():
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("created", sa.DateTime()),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("account_id", sa.BigInteger()),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True)),
        sa.Column("tags", postgresql.ARRAY(sa.String(20))),
    )
    # Made in this migration's transaction: nobody else sees the table yet.
    op.create_index("ix_events_title", "events", ["title"])


def downgrade():
    op.drop_index("ix_events_title", table_name="events")
    op.drop_table("events")
    op.drop_table("accounts")

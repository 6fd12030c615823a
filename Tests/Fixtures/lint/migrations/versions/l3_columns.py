"""columns: required, volatile and constant defaults, generated; NOT NULL with and without a scan

Revision ID: l3
"""
from alembic import op
import sqlalchemy as sa

revision = "l3"
down_revision = "l2"


def upgrade():
    op.add_column("events", sa.Column("kind", sa.Text(), nullable=False))
    op.add_column("events", sa.Column("state", sa.Text(), nullable=False, server_default="new"))
    op.add_column("events", sa.Column("token", sa.Text(), server_default=sa.text("gen_random_uuid()")))
    op.add_column("events", sa.Column("seen", sa.DateTime(timezone=True), server_default=sa.func.now()))
    op.add_column("events", sa.Column("score", sa.BigInteger(), sa.Computed("length(title)")))
    op.alter_column("events", "title", nullable=True)
    op.alter_column("events", "kind", nullable=True, existing_type=sa.Text())
    op.alter_column("events", "state", nullable=False, existing_type=sa.Text())
    # SET NOT NULL without a scan: a NOT VALID check, validated in its own transaction.
    op.execute("ALTER TABLE events ADD CONSTRAINT ck_token_nn CHECK (token IS NOT NULL) NOT VALID")
    with op.get_context().autocommit_block():
        op.execute("ALTER TABLE events VALIDATE CONSTRAINT ck_token_nn")
    op.alter_column("events", "token", nullable=False, existing_type=sa.Text())


def downgrade():
    op.drop_constraint("ck_token_nn", "events", type_="check")
    op.drop_column("events", "score")
    op.drop_column("events", "seen")
    op.drop_column("events", "token")
    op.drop_column("events", "state")
    op.drop_column("events", "kind")

"""audit trigger: one statement holding a semicolon and a blank line; a helper that asks
the context for the dialect, and a warning printed for offline scripts

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

from app.offline import dialect_name, warn_offline

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("seen", sa.Boolean(), nullable=True))
    warn_offline("users.seen is not backfilled in offline mode")
    if dialect_name() == "postgresql":
        op.execute(
            """
            CREATE FUNCTION touch() RETURNS trigger AS $$
            BEGIN
                NEW.seen := true;

                RETURN NEW;
            END;
            $$ LANGUAGE plpgsql
            """
        )


def downgrade():
    if dialect_name() == "postgresql":
        op.execute("DROP FUNCTION touch()")
    op.drop_column("users", "seen")

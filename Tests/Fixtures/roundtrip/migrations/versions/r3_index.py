"""an index; the downgrade drops another one

Revision ID: r3
"""
from alembic import op
import sqlalchemy as sa

revision = "r3"
down_revision = "r2"


def upgrade():
    op.create_index("ix_accounts_name", "accounts", ["name"])
    op.create_index("ix_accounts_bio", "accounts", ["bio"])


def downgrade():
    op.drop_index("ix_accounts_bio", table_name="accounts")

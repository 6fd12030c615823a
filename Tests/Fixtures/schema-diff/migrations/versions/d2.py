"""longer names, an index

Revision ID: d2
"""
from alembic import op
import sqlalchemy as sa

revision = "d2"
down_revision = "d1"


def upgrade():
    with op.batch_alter_table("accounts") as batch_op:
        batch_op.alter_column("name", type_=sa.String(100), existing_type=sa.String(50), existing_nullable=False)
    op.create_index("ix_accounts_name", "accounts", ["name"])


def downgrade():
    op.drop_index("ix_accounts_name", table_name="accounts")
    with op.batch_alter_table("accounts") as batch_op:
        batch_op.alter_column("name", type_=sa.String(50), existing_type=sa.String(100), existing_nullable=False)

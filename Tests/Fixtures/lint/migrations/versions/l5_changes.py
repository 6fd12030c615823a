"""types, renames and drops, after the timeouts are set

Revision ID: l5
"""
from alembic import op
import sqlalchemy as sa

revision = "l5"
down_revision = "l4"


def upgrade():
    op.execute("SET lock_timeout = '5s'")
    op.execute("SET statement_timeout = '60s'")
    op.alter_column("accounts", "name", type_=sa.String(100), existing_type=sa.String(50))
    op.alter_column("accounts", "created", new_column_name="created_at")
    op.rename_table("accounts", "users")
    op.drop_column("events", "score")
    op.create_table("scratch", sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True))
    op.drop_table("scratch")


def downgrade():
    op.create_table("scratch", sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True))
    op.add_column("events", sa.Column("score", sa.BigInteger()))
    op.rename_table("users", "accounts")
    op.alter_column("accounts", "created_at", new_column_name="created")
    op.alter_column("accounts", "name", type_=sa.String(50), existing_type=sa.String(100))

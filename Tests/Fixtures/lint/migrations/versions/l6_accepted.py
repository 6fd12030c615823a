"""findings accepted in the file: one on the line above, two on the operation's line

Revision ID: l6
"""
from alembic import op
import sqlalchemy as sa

revision = "l6"
down_revision = "l5"


def upgrade():
    # retort: allow ban-drop-column
    op.drop_column("events", "tags")
    op.add_column("users", sa.Column("age", sa.Integer(), nullable=False))  # retort: allow adding-required-field, prefer-bigint-over-int
    op.create_index("ix_users_age", "users", ["age"])  # retort: allow ban-drop-table


def downgrade():
    op.drop_index("ix_users_age", table_name="users")
    op.drop_column("users", "age")
    op.add_column("events", sa.Column("tags", sa.Text()))

"""a column defaulting to the current time

Revision ID: a_now
"""
from alembic import op
import sqlalchemy as sa

revision = "a_now"
down_revision = "s1"
branch_labels = ("now",)


def upgrade():
    op.add_column("t", sa.Column("stamp", sa.DateTime(), server_default=sa.func.current_timestamp()))


def downgrade():
    pass

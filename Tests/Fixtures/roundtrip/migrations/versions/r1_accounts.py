"""accounts

Revision ID: r1
"""
from alembic import op
import sqlalchemy as sa

revision = "r1"
down_revision = None


def upgrade():
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("bio", sa.String(200)),
    )


def downgrade():
    op.drop_table("accounts")

"""a nickname; the downgrade forgets to drop it

Revision ID: r2
"""
from alembic import op
import sqlalchemy as sa

revision = "r2"
down_revision = "r1"


def upgrade():
    op.add_column("accounts", sa.Column("nickname", sa.String(30)))


def downgrade():
    pass

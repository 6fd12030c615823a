"""tickets dropped: their types stay, as op.drop_table leaves them

Revision ID: e4
"""
from alembic import op

revision = "e4"
down_revision = "e3"


def upgrade():
    op.drop_table("tickets")


def downgrade():
    pass

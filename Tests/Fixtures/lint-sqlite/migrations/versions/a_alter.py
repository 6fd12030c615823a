"""a type changed without batch mode

Revision ID: a_alter
"""
from alembic import op
import sqlalchemy as sa

revision = "a_alter"
down_revision = "s1"
branch_labels = ("alter",)


def upgrade():
    op.alter_column("t", "name", type_=sa.Text())


def downgrade():
    pass

"""a NOT NULL column without a default

Revision ID: a_required
"""
from alembic import op
import sqlalchemy as sa

revision = "a_required"
down_revision = "s1"
branch_labels = ("required",)


def upgrade():
    op.add_column("t", sa.Column("required", sa.Integer(), nullable=False))


def downgrade():
    pass

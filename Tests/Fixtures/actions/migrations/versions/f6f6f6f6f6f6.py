"""a flag on tables named in the environment

Revision ID: f6f6f6f6f6f6
Revises: e5e5e5e5e5e5
"""
from alembic import op
import sqlalchemy as sa
import os

revision = 'f6f6f6f6f6f6'
down_revision = 'e5e5e5e5e5e5'
branch_labels = None
depends_on = None


def upgrade():
    for name in os.environ['RETORT_FLAG_TABLES'].split(','):
        op.add_column(name, sa.Column('flag', sa.Boolean()))


def downgrade():
    pass

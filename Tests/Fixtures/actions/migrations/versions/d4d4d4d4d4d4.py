"""clean users with raw sql

Revision ID: d4d4d4d4d4d4
Revises: c3c3c3c3c3c3
"""
from alembic import op
import sqlalchemy as sa

revision = 'd4d4d4d4d4d4'
down_revision = 'c3c3c3c3c3c3'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("DELETE FROM users WHERE name IS NULL")
    op.drop_column('users', 'name')


def downgrade():
    op.add_column('users', sa.Column('name', sa.String(50)))

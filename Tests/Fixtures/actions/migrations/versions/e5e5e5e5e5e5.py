"""insert into a table that is not there

Revision ID: e5e5e5e5e5e5
Revises: d4d4d4d4d4d4
"""
from alembic import op
import sqlalchemy as sa

revision = 'e5e5e5e5e5e5'
down_revision = 'd4d4d4d4d4d4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('settings', sa.Column('id', sa.Integer(), primary_key=True))
    op.execute("INSERT INTO nowhere (id) VALUES (1)")


def downgrade():
    op.drop_table('settings')

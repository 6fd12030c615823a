"""create users

Revision ID: b2b2b2b2b2b2
Revises: a1a1a1a1a1a1
"""
from alembic import op
import sqlalchemy as sa

revision = 'b2b2b2b2b2b2'
down_revision = 'a1a1a1a1a1a1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('users', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('name', sa.String(50)), sa.Column('email', sa.String(50)))
    op.create_index('ix_users_email', 'users', ['email'])


def downgrade():
    op.drop_index('ix_users_email', table_name='users')
    op.drop_table('users')

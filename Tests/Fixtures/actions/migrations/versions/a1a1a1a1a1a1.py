"""create audit_log

Revision ID: a1a1a1a1a1a1
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = 'a1a1a1a1a1a1'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('audit_log', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('note', sa.String(50)))


def downgrade():
    op.drop_table('audit_log')

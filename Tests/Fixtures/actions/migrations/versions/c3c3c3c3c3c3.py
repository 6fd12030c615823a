"""drop audit_log

Revision ID: c3c3c3c3c3c3
Revises: b2b2b2b2b2b2
"""
from alembic import op
import sqlalchemy as sa

revision = 'c3c3c3c3c3c3'
down_revision = 'b2b2b2b2b2b2'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_table('audit_log')


def downgrade():
    op.create_table('audit_log', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('note', sa.String(50)))

"""grade, by a table copy everywhere

Revision ID: d3
Revises: d2
Create Date: 2026-12-01 10:02:00
"""
from alembic import op
import sqlalchemy as sa

revision = "d3"
down_revision = "d2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("jobs", recreate="always") as b:
        b.add_column(sa.Column("grade", sa.String(length=10), server_default="junior", nullable=False))


def downgrade():
    with op.batch_alter_table("jobs", recreate="always") as b:
        b.drop_column("grade")

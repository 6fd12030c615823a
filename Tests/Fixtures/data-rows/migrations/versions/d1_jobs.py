"""jobs with rows

Revision ID: d1
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "d1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    jobs = op.create_table(
        "jobs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("priority", sa.Integer, nullable=True),
        sa.Column("cost", sa.Numeric(8, 2), nullable=True),
    )
    op.bulk_insert(
        jobs,
        [
            {"id": 1, "state": "new", "priority": None, "cost": 1.5},
            {"id": 2, "state": "done", "priority": 5, "cost": None},
            {"id": 3, "state": "new", "priority": None, "cost": 2.25},
            {"id": 4, "state": "failed", "priority": 1, "cost": 0},
        ],
    )


def downgrade():
    op.drop_table("jobs")

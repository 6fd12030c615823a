"""backfill priorities row by row

A data migration that reads rows and updates each one, and adds a column only when
some job is done: the database decides its statements. Its reads come before its own
statements (a read after them is refused: the database would answer as it was before).

Revision ID: d2
Revises: d1
"""
import sqlalchemy as sa
from alembic import op

revision = "d2"
down_revision = "d1"
branch_labels = None
depends_on = None


def upgrade():
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, state, cost FROM jobs ORDER BY id")).fetchall()
    done = conn.execute(sa.text("SELECT count(*) FROM jobs WHERE state = 'done'")).scalar()
    failed = conn.execute(sa.text("SELECT id, state FROM jobs WHERE state = 'failed'"))
    for row in rows:
        if row.state == "new":
            conn.execute(
                sa.text("UPDATE jobs SET priority = :priority WHERE id = :id"),
                {"priority": row.id * 10, "id": row.id},
            )
    if done:
        op.add_column("jobs", sa.Column("archived", sa.Boolean(), nullable=True))
    for job_id, state in failed:
        op.execute(f"UPDATE jobs SET state = 'retry' WHERE id = {job_id}")


def downgrade():
    conn = op.get_bind()
    retried = conn.execute(sa.text("SELECT id FROM jobs WHERE state = 'retry'")).scalars().all()
    if "archived" in [column["name"] for column in sa.inspect(conn).get_columns("jobs")]:
        op.drop_column("jobs", "archived")
    for job_id in retried:
        op.execute(sa.text("UPDATE jobs SET state = 'failed' WHERE id = :id").bindparams(id=job_id))
    op.execute("UPDATE jobs SET priority = NULL WHERE state = 'new'")

"""scalar subqueries

UPDATEs whose values and conditions are `select(...).scalar_subquery()`, correlated to
the table being updated (automatically and with `.correlate()`), and a SELECT whose
WHERE compares with one (as zenml and langflow write their backfills).

Revision ID: a5b6c7d8e9f0
Revises: f4a5b6c7d8e9
Create Date: 2026-12-02 11:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'a5b6c7d8e9f0'
down_revision: Union[str, Sequence[str], None] = 'f4a5b6c7d8e9'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

logs = sa.table("logs", sa.column("id"), sa.column("step_id"), sa.column("project_id"), sa.column("owner"))
steps = sa.table("steps", sa.column("id"), sa.column("project_id"), sa.column("owner"))


def upgrade() -> None:
    op.execute(
        sa.update(logs)
        .where(logs.c.step_id.is_not(None))
        .values(
            project_id=sa.select(steps.c.project_id).where(steps.c.id == logs.c.step_id).scalar_subquery(),
            owner=sa.select(sa.func.max(steps.c.owner)).where(steps.c.id == logs.c.step_id).scalar_subquery(),
        )
    )
    owner = (
        sa.select(steps.c.owner)
        .where(steps.c.id == logs.c.step_id)
        .where(steps.c.owner.is_not(None))
        .correlate(logs)
        .scalar_subquery()
    )
    op.execute(logs.update().where(logs.c.owner.is_(None)).where(owner.is_not(None)).values(owner=owner))
    op.execute(
        logs.delete().where(logs.c.step_id.not_in([1, 2])).where(
            logs.c.project_id == sa.select(steps.c.project_id).where(steps.c.id == 7).scalar_subquery()
        )
    )


def downgrade() -> None:
    op.execute(sa.select(logs.c.id).where(logs.c.step_id == sa.select(steps.c.id).where(steps.c.owner == "x").scalar_subquery()))

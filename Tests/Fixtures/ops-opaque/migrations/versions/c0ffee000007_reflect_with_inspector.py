"""reflect with inspector

Drops a table only if reflection says it exists. Offline there is nothing to inspect
(NoInspectionAvailable on the mock connection); the evaluator cannot answer either.

Revision ID: c0ffee000007
Revises: c0ffee000006
Create Date: 2025-04-03 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'c0ffee000007'
down_revision: Union[str, Sequence[str], None] = 'c0ffee000006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    inspector = sa.inspect(op.get_bind())
    if "legacy_notes" in inspector.get_table_names():
        op.drop_table("legacy_notes")


def downgrade() -> None:
    """Downgrade schema."""
    pass

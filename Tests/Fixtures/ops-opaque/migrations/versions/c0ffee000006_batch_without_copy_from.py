"""batch without copy_from

A batch alter_column that SQLite can only do by copying the table. Offline, Alembic
needs a live connection to reflect the table (or copy_from), so this is a render-error
on sqlite and plain ALTER statements on postgresql. Retort knows the table from the
earlier revisions and may render the copy itself; Alembic offers no oracle for that.

Revision ID: c0ffee000006
Revises: c0ffee000005
Create Date: 2025-04-03 09:50:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'c0ffee000006'
down_revision: Union[str, Sequence[str], None] = 'c0ffee000005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("users") as batch_op:
        batch_op.alter_column("name", type_=sa.String(200), existing_type=sa.String(100))
        batch_op.drop_column("status")


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(20)))
        batch_op.alter_column("name", type_=sa.String(100), existing_type=sa.String(200))

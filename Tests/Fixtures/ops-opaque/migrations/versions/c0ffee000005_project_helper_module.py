"""project helper module

Builds its columns with a function from opaque_helpers.py, a module of the project next
to alembic.ini. Alembic renders it when prepend_sys_path puts the project on sys.path
(through alembic.ini; given only the versions directory it is an import-error); Retort
reads the module from the same path (without it, the revision is opaque to Retort).

Revision ID: c0ffee000005
Revises: c0ffee000004
Create Date: 2025-04-03 09:40:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from opaque_helpers import audit_columns


# revision identifiers, used by Alembic.
revision: str = 'c0ffee000005'
down_revision: Union[str, Sequence[str], None] = 'c0ffee000004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table("notes", sa.Column("id", sa.Integer, primary_key=True), *audit_columns())


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("notes")

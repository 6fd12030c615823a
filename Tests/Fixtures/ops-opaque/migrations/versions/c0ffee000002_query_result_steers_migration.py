"""query result steers migration

The upgrade asks the database how many users lack an email and only then decides what
to do. Offline, execute() on the mock connection writes the SELECT and returns None, so
Alembic fails on .scalar(); the evaluator cannot know the count either.

Revision ID: c0ffee000002
Revises: c0ffee000001
Create Date: 2025-04-03 09:10:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'c0ffee000002'
down_revision: Union[str, Sequence[str], None] = 'c0ffee000001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    conn = op.get_bind()
    missing = conn.execute(sa.text("SELECT count(*) FROM users WHERE email IS NULL")).scalar()
    if missing:
        op.execute("UPDATE users SET email = name || '@example.com' WHERE email IS NULL")
    op.alter_column("users", "email", nullable=False, existing_type=sa.String(255))


def downgrade() -> None:
    """Downgrade schema."""
    op.alter_column("users", "email", nullable=True, existing_type=sa.String(255))

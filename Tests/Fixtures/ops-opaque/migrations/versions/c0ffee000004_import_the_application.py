"""import the application

Imports a module of the application the migrations belong to, inside the function (at
module level the import would stop Alembic from loading the script at all, so not even
`alembic heads` would work). The application is not installed, so calling upgrade()
fails (import-error); the evaluator does not follow imports of other modules.

Revision ID: c0ffee000004
Revises: c0ffee000003
Create Date: 2025-04-03 09:30:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'c0ffee000004'
down_revision: Union[str, Sequence[str], None] = 'c0ffee000003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    from shopapp.models import USER_STATUSES

    op.add_column(
        "users",
        sa.Column("status", sa.Enum(*USER_STATUSES, name="user_status", native_enum=False)),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("users", "status")

"""authors: email required, name renamed, email check

Nullability, a rename and a CHECK constraint in one copy.

Revision ID: ba7c40000003
Revises: ba7c40000002
Create Date: 2025-05-03 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'ba7c40000003'
down_revision: Union[str, Sequence[str], None] = 'ba7c40000002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("authors") as batch_op:
        batch_op.alter_column("email", existing_type=sa.String(length=100), nullable=False)
        batch_op.alter_column("name", new_column_name="full_name", existing_type=sa.String(length=50), existing_nullable=False)
        batch_op.create_check_constraint("ck_authors_email", "email LIKE '%@%'")


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("authors") as batch_op:
        batch_op.drop_constraint("ck_authors_email", type_="check")
        batch_op.alter_column("full_name", new_column_name="name", existing_type=sa.String(length=50), existing_nullable=False)
        batch_op.alter_column("email", existing_type=sa.String(length=100), nullable=True)

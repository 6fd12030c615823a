"""books: drop price, widen title, add isbn

Batch without copy_from: SQLite must copy the table.

Revision ID: ba7c40000002
Revises: ba7c40000001
Create Date: 2025-05-02 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'ba7c40000002'
down_revision: Union[str, Sequence[str], None] = 'ba7c40000001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("books") as batch_op:
        batch_op.drop_column("price")
        batch_op.alter_column("title", existing_type=sa.String(length=200), type_=sa.String(length=300), existing_nullable=False)
        batch_op.add_column(sa.Column("isbn", sa.String(length=13), nullable=True))
        batch_op.create_unique_constraint("uq_books_isbn", ["isbn"])


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("books") as batch_op:
        batch_op.drop_constraint("uq_books_isbn", type_="unique")
        batch_op.drop_column("isbn")
        batch_op.alter_column("title", existing_type=sa.String(length=300), type_=sa.String(length=200), existing_nullable=False)
        batch_op.add_column(sa.Column("price", sa.Numeric(precision=10, scale=2), nullable=True))

"""books: editor foreign key

A new column and a named foreign key, then an index, in one copy.

Revision ID: ba7c40000004
Revises: ba7c40000003
Create Date: 2025-05-04 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'ba7c40000004'
down_revision: Union[str, Sequence[str], None] = 'ba7c40000003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("books") as batch_op:
        batch_op.add_column(sa.Column("editor_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_books_editor_id_authors", "authors", ["editor_id"], ["id"], ondelete="SET NULL")
        batch_op.create_index("ix_books_editor_id", ["editor_id"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("books") as batch_op:
        batch_op.drop_index("ix_books_editor_id")
        batch_op.drop_constraint("fk_books_editor_id_authors", type_="foreignkey")
        batch_op.drop_column("editor_id")

"""sqlite renders what it cannot run

Table comments, ADD COLUMN IF NOT EXISTS / DROP COLUMN IF EXISTS, an Enum with
create_constraint added by add_column (SQLite: a warning, the CHECK is skipped), a
schema-qualified index, and op.execute strings with SQLAlchemy traps: ':word' is a bind
parameter even inside quotes (it renders as NULL); '10:30' and '::' casts are kept; a
backslash-escaped colon loses its backslash; a string ending in ';' gets a second one.

Revision ID: b1f2c3d4e5a6
Revises: a0e1b2c3d4f5
Create Date: 2025-04-02 09:10:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'b1f2c3d4e5a6'
down_revision: Union[str, Sequence[str], None] = 'a0e1b2c3d4f5'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table_comment("items", "things we sell")
    op.add_column("items", sa.Column("note", sa.Text()), if_not_exists=True)
    op.add_column(
        "items",
        sa.Column("size", sa.Enum("s", "m", name="item_size", create_constraint=True)),
    )
    op.create_index("ix_items_note", "items", ["note"], schema="main", unique=True)
    op.execute("UPDATE items SET note = ':none' WHERE note IS NULL")
    op.execute("UPDATE items SET note = 'at 10:30' WHERE id = 1")
    op.execute("UPDATE items SET note = CAST(id AS TEXT)::text WHERE id = 2")
    op.execute(r"UPDATE items SET note = 'a\:b' WHERE id = 3")
    op.execute("SELECT 1;")


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_items_note", table_name="items", schema="main")
    op.drop_column("items", "size")
    op.drop_column("items", "note", if_exists=True)
    op.drop_table_comment("items", existing_comment="things we sell")

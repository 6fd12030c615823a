"""types that make checks

The Table that op.create_table returns, given to bulk_insert; alter_column to and from
a non-native Enum, whose CHECK constraint PostgreSQL drops and adds around the type
change (SQLite only warns); add_column of a non-native Enum and of a Boolean that
would make CHECKs.

Revision ID: f4a5b6c7d8e9
Revises: e3f4a5b6c7d8
Create Date: 2025-05-01 12:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'f4a5b6c7d8e9'
down_revision: Union[str, Sequence[str], None] = 'e3f4a5b6c7d8'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

SIZE = sa.Enum("s", "m", "l", name="ck_flags_size", native_enum=False, create_constraint=True)


def upgrade() -> None:
    """Upgrade schema."""
    flags = op.create_table(
        "flags",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("on", sa.Boolean),
        sa.Column("size", sa.String(5)),
    )
    op.bulk_insert(flags, [{"id": 1, "on": 1, "size": "m"}, {"id": 2}])
    op.alter_column("flags", "size", new_column_name="fit", type_=SIZE, existing_type=sa.String(5))
    op.add_column("flags", sa.Column("grade", sa.Enum("a", "b", name="ck_flags_grade", native_enum=False, create_constraint=True)))
    op.add_column("flags", sa.Column("seen", sa.Boolean(create_constraint=True, name="ck_flags_seen")))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("flags", "seen")
    op.drop_column("flags", "grade")
    op.alter_column("flags", "fit", new_column_name="size", type_=sa.String(5), existing_type=SIZE)
    op.drop_table("flags")

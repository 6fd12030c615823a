"""select and table options

SELECT statements sent with op.execute and the connection (a column list, a function,
WHERE, ORDER BY), INSERT ... FROM SELECT, sqlite_autoincrement, a native enum named
after its Python class, datetime literals through inline_literal, and constraint
drops that Alembic itself refuses, caught.

Revision ID: e3f4a5b6c7d8
Revises: d2e3f4a5b6c7
Create Date: 2025-05-01 11:00:00.000000

"""
import datetime
import enum
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'e3f4a5b6c7d8'
down_revision: Union[str, Sequence[str], None] = 'd2e3f4a5b6c7'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


class Level(str, enum.Enum):
    low = "low"
    high = "high"


people = sa.table("people", sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("made", sa.DateTime))
archive = sa.table("archive", sa.column("id", sa.Integer), sa.column("name", sa.String))


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "archive",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(50)),
        sa.Column("level", sa.Enum(Level)),
        sqlite_autoincrement=True,
    )
    op.execute(sa.select(people.c.id, people.c.name).where(people.c.id > 2).order_by(people.c.name))
    op.get_bind().execute(sa.select(sa.func.count()).select_from(people))
    op.execute(archive.insert().from_select(["id", "name"], sa.select(people.c.id, people.c.name)))
    op.execute(
        people.update()
        .where(people.c.made < op.inline_literal(datetime.datetime(2024, 12, 31, 23, 59, 59, 250000)))
        .values(made=op.inline_literal(datetime.datetime(2025, 1, 1)))
    )
    try:
        op.drop_constraint(None, "archive", type_="unique")
    except Exception:
        op.execute("SELECT 'an unnamed constraint cannot be dropped'")


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("archive")
    op.execute(sa.text("DROP TYPE IF EXISTS level") if op.get_bind().dialect.name == "postgresql" else "SELECT 1")

"""expressions and data

Defaults SQLite parenthesises and PostgreSQL does not, a Python enum class as the
values of an Enum, multi-row INSERT ... VALUES, bulk_insert of UUID, time and Decimal
values with Boolean and Integer columns given the other's literals, UPDATE with CASE,
AND, OR, LIKE, ILIKE and a column expression, DELETE with NOT IN and IS NULL,
text().bindparams() with a bindparam(), literal_column(), and constraints SQLite
refuses, caught by suppress() and by try/except.

Revision ID: c1d2e3f4a5b6
Revises:
Create Date: 2025-05-01 09:00:00.000000

"""
import datetime
import decimal
import enum
import uuid
from contextlib import suppress
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'c1d2e3f4a5b6'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


class Mood(enum.Enum):
    """Stored by member name, as SQLAlchemy stores a Python enum."""

    happy = "h"
    grumpy = "g"


people = sa.table(
    "people",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("flag", sa.Boolean),
    sa.column("counter", sa.Integer),
    sa.column("mood", sa.String),
    sa.column("token", sa.Uuid),
    sa.column("at", sa.Time),
    sa.column("price", sa.Numeric),
)


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "people",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(50), nullable=False, server_default=sa.text("lower('X')")),
        sa.Column("ratio", sa.Float, server_default=sa.text("1.5")),
        sa.Column("quoted", sa.String(10), server_default=sa.text("'q'")),
        sa.Column("counter", sa.Integer, server_default=sa.text("0")),
        sa.Column("made", sa.DateTime, server_default=sa.func.current_timestamp()),
        sa.Column("flag", sa.Boolean, server_default=sa.false()),
        sa.Column("mood", sa.Enum(Mood, name="mood", create_constraint=True, native_enum=False)),
        sa.Column("token", sa.Uuid),
        sa.Column("at", sa.Time),
        sa.Column("price", sa.Numeric(8, 2)),
    )
    op.execute(people.insert().values([{"id": 1, "name": "a"}, {"name": "b", "id": 2}]))
    op.bulk_insert(
        people,
        [
            {
                "id": 3,
                "name": "c",
                "token": uuid.UUID("12345678-1234-5678-1234-567812345678"),
                "at": datetime.time(1, 2, 3),
                "price": decimal.Decimal("007.50"),
                "flag": 1,
                "counter": True,
                "mood": Mood.happy.name,
            }
        ],
    )
    op.execute(
        people.update()
        .where(sa.and_(people.c.id > 1, sa.or_(people.c.name == "b", people.c.name.like("c%"))))
        .values(counter=people.c.counter + 1, name=sa.case((people.c.id == 2, "two"), else_="many"))
    )
    op.execute(people.delete().where(sa.not_(people.c.id.in_([1, 2, 3])) | people.c.name.is_(None)))
    op.execute(
        sa.text("UPDATE people SET name = :n WHERE id = :i").bindparams(sa.bindparam("n", "x:y"), i=3)
    )
    op.execute(
        people.update().values(name=sa.literal_column("upper(name)")).where(people.c.name.ilike("%x%"))
    )
    with suppress(NotImplementedError):
        op.create_unique_constraint("uq_people_name", "people", ["name"])
    try:
        op.create_check_constraint("ck_people_counter", "people", people.c.counter >= 0)
    except NotImplementedError:
        op.execute("SELECT 'no ALTER of constraints on sqlite'")


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("people")

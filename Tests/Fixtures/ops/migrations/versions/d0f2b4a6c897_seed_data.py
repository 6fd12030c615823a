"""seed data

op.execute with a plain string (one with a statement separator inside, one with '%'),
with sa.text() and bound parameters, and with sa.table() update/insert/delete
constructs; op.inline_literal; op.bulk_insert with literal rows. Everything renders as
literal SQL in offline mode.

Revision ID: d0f2b4a6c897
Revises: b8a6c4e2f075
Create Date: 2025-04-01 10:30:00.000000

"""
import datetime
import decimal
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.sql import column, table


# revision identifiers, used by Alembic.
revision: str = 'd0f2b4a6c897'
down_revision: Union[str, Sequence[str], None] = 'b8a6c4e2f075'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

ADMIN_EMAIL = "admin@example.com"

users = sa.table(
    "users",
    sa.column("id", sa.Integer),
    sa.column("email", sa.String),
    sa.column("display_name", sa.String),
    sa.column("score", sa.Integer),
    sa.column("is_admin", sa.Boolean),
    sa.column("bio", sa.Text),
)
roles = table(
    "user_roles",
    column("user_id", sa.Integer),
    column("role", sa.String),
    column("granted_at", sa.DateTime),
)
zoo = sa.table(
    "zoo",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("active", sa.Boolean),
    sa.column("born_on", sa.Date),
    sa.column("price", sa.Numeric(10, 2)),
    sa.column("ratio", sa.Float),
    sa.column("created_at", sa.DateTime),
)


def upgrade() -> None:
    """Upgrade schema."""
    op.execute(
        "INSERT INTO users (id, email, display_name) VALUES (1, 'admin@example.com', 'Admin')"
    )
    op.execute(
        sa.text("UPDATE users SET score = :score, bio = :bio WHERE email = :email").bindparams(
            score=100, bio="it's me", email=ADMIN_EMAIL
        )
    )
    op.execute(
        users.update()
        .where(users.c.email == op.inline_literal(ADMIN_EMAIL))
        .values(is_admin=True, display_name=op.inline_literal("Administrator"))
    )
    op.execute(users.insert().values(id=2, email="guest@example.com", display_name="Guest"))
    op.execute("UPDATE users SET bio = '100% sure' WHERE email LIKE '%@example.com'")
    op.execute(
        """
        UPDATE users SET score = score + 1 WHERE id = 1;

        UPDATE users SET score = score + 2 WHERE id = 2;
        """
    )
    op.bulk_insert(
        roles,
        [
            {"user_id": 1, "role": "admin", "granted_at": datetime.datetime(2025, 4, 1, 12, 30)},
            {"user_id": 1, "role": "editor"},
            {"role": "viewer", "user_id": 2, "granted_at": None},
        ],
    )
    op.bulk_insert(
        zoo,
        [
            {
                "id": 1,
                "name": "O'Hara",
                "active": True,
                "born_on": datetime.date(2020, 2, 29),
                "price": decimal.Decimal("9.95"),
                "ratio": 0.5,
                "created_at": datetime.datetime(2025, 1, 2, 3, 4, 5),
            },
            {"id": 2, "name": "Zed", "active": False},
        ],
        multiinsert=False,
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.execute(zoo.delete().where(zoo.c.id.in_([1, 2])))
    op.execute(roles.delete().where(roles.c.user_id.in_([1, 2])))
    op.execute(users.delete().where(users.c.email.like("%@example.com")))

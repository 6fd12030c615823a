"""orm session backfill

Backfills names through an ORM session and a declarative model defined in the script.
Offline, the session's query runs on the mock connection and fails; the evaluator does
not interpret ORM code.

Revision ID: c0ffee000003
Revises: c0ffee000002
Create Date: 2025-04-03 09:20:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy import orm


# revision identifiers, used by Alembic.
revision: str = 'c0ffee000003'
down_revision: Union[str, Sequence[str], None] = 'c0ffee000002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

Base = orm.declarative_base()


class User(Base):
    __tablename__ = "users"
    id = sa.Column(sa.Integer, primary_key=True)
    email = sa.Column(sa.String(255))
    name = sa.Column(sa.String(100))


def upgrade() -> None:
    """Upgrade schema."""
    session = orm.Session(bind=op.get_bind())
    for user in session.query(User).filter(User.name.is_(None)):
        user.name = user.email.split("@")[0]
    session.commit()


def downgrade() -> None:
    """Downgrade schema."""
    pass

"""report tables

The Python that revision scripts are written in, beyond plain op calls: module
constants, helper functions, local variables, tuple unpacking, for loops over literal
lists, % and .format and f-strings and + on strings, list and dict comprehensions over
literals, star arguments, logging calls.

Revision ID: 0b1d3f5a7c9e
Revises: f7e5d3c1b9a8
Create Date: 2025-04-01 11:10:00.000000

"""
import logging
from typing import Sequence, Union

import sqlalchemy
from alembic import op
import sqlalchemy as sa
from sqlalchemy import types as sqltypes


# revision identifiers, used by Alembic.
revision: str = '0b1d3f5a7c9e'
down_revision: Union[str, Sequence[str], None] = 'f7e5d3c1b9a8'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

log = logging.getLogger(__name__)

PREFIX = "report"
PERIODS = ["daily", "weekly", "monthly"]
DAYS = {"daily": 1, "weekly": 7, "monthly": 30}
METRIC_COLUMNS = ("visits", "signups", "orders")


def table_name(period):
    return "%s_%s" % (PREFIX, period)


def base_columns(label_default):
    return [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("period_days", sqltypes.Integer(), nullable=False),
        sa.Column("label", sqlalchemy.String(20), server_default=label_default),
    ]


def upgrade() -> None:
    """Upgrade schema."""
    for period in PERIODS:
        name = table_name(period)
        log.info("creating %s", name)
        metrics = [sa.Column(m, sa.BigInteger, server_default="0") for m in METRIC_COLUMNS]
        op.create_table(name, *base_columns(period.upper()), *metrics)
        op.create_index("ix_{}_label".format(name), name, ["label"])
        op.execute(
            f"INSERT INTO {name} (period_days, label) VALUES ({DAYS[period]}, '{period}')"
        )
    first, second = table_name("daily"), table_name("weekly")
    op.create_index("ix_" + first + "_period_days", first, ["period_days"])
    targets = {name: days * 2 for name, days in [(first, 1), (second, 7)]}
    for name, days in targets.items():
        op.execute("UPDATE %s SET period_days = %d" % (name, days))
    log.warning("report tables: %d created", len(PERIODS))


def downgrade() -> None:
    """Downgrade schema."""
    first = table_name("daily")
    op.drop_index("ix_%s_period_days" % first, table_name=first)
    for period in reversed(PERIODS):
        name = table_name(period)
        op.drop_index(f"ix_{name}_label", table_name=name)
        op.drop_table(name)

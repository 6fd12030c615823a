"""Helpers the revisions call, in the styles real projects write them."""
import logging
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

from . import naming
from ..types import Slug

logger = logging.getLogger(__name__)

DEFAULT_LENGTH = 120
STATUSES = ("draft", "live")


def create_named_table(name, *columns, comment=None):
    logger.info("creating %s", name)
    op.create_table(naming.table(name), sa.Column("id", sa.Integer, primary_key=True), *columns, comment=comment)


def add_columns(table_name, *columns):
    if not columns:
        return
    with op.batch_alter_table(table_name) as batch_op:
        for column in columns:
            batch_op.add_column(column)


def slug_column(name="slug", nullable=True):
    return sa.Column(name, Slug(), nullable=nullable)


@contextmanager
def sqlite_foreign_keys_off():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA foreign_keys=OFF")
        yield
        op.execute("PRAGMA foreign_keys=ON")
    else:
        yield

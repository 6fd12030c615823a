"""Helpers the revisions import: questions to the Inspector, asked inside functions."""
import sqlalchemy as sa
from alembic import op


def has_index(table, name):
    inspector = sa.inspect(op.get_bind())
    return any(index["name"] == name for index in inspector.get_indexes(table))


def foreign_key_names(table):
    return [key["name"] for key in sa.inspect(op.get_bind()).get_foreign_keys(table)]


def column_names(table):
    return {column["name"] for column in sa.inspect(op.get_bind()).get_columns(table)}

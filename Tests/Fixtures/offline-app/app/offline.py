"""Helpers the revisions share: what they ask of Alembic's context when they run."""
from alembic import context


def dialect_name():
    return context.get_bind().dialect.name


def warn_offline(message):
    if context.is_offline_mode():
        print("-- WARNING: " + message)

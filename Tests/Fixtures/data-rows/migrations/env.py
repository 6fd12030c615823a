"""Alembic's generic env.py, plus one switch for offline runs:

    alembic -c alembic.ini -x dialect=postgresql upgrade head --sql

renders for that dialect (no database, no driver needed); -x url=URL overrides
sqlalchemy.url for both modes.
"""
from logging.config import fileConfig

from sqlalchemy import engine_from_config
from sqlalchemy import pool

from alembic import context

config = context.config

if config.config_file_name is not None:
    fileConfig(config.config_file_name)

target_metadata = None

x_args = context.get_x_argument(as_dictionary=True)
if "url" in x_args:
    config.set_main_option("sqlalchemy.url", x_args["url"])


def run_migrations_offline() -> None:
    """Run migrations in 'offline' mode."""
    if "dialect" in x_args:
        url = x_args["dialect"] + "://"
    else:
        url = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )

    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run migrations in 'online' mode."""
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )

    with connectable.connect() as connection:
        context.configure(
            connection=connection, target_metadata=target_metadata
        )

        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

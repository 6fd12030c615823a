// The sample project `retort demo` writes and the tests read: three branches (a merge,
// a labelled branch, a branch that depends on the base), a revision lint flags (an
// index built without CONCURRENTLY, c5e71d9a2b08) and one whose downgrade leaves a
// column behind (6a4f2c8e0b95), so that the demo shows both.
//
// Each file as it is written, byte for byte.

extension DemoProject {
    static let files: [(path: String, contents: String)] = [
        (
            "alembic.ini",
            #"""
# Retort's bundled sample project: a small shop with a blog.
# Alembic reads it as it is: alembic history, in this directory

[alembic]
# path to migration scripts; %(here)s is the directory of this file
script_location = %(here)s/migrations

# template used to generate migration file names
file_template = %%(rev)s_%%(slug)s

prepend_sys_path = .
path_separator = os

sqlalchemy.url = sqlite:///%(here)s/sample.db

[post_write_hooks]

[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console
qualname =

[logger_sqlalchemy]
level = WARNING
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
datefmt = %H:%M:%S

"""#
        ),
        (
            "migrations/README",
            #"""
Generic single-database configuration.
"""#
        ),
        (
            "migrations/env.py",
            #"""
from logging.config import fileConfig

from sqlalchemy import engine_from_config
from sqlalchemy import pool

from alembic import context

# this is the Alembic Config object, which provides
# access to the values within the .ini file in use.
config = context.config

# Interpret the config file for Python logging.
# This line sets up loggers basically.
if config.config_file_name is not None:
    fileConfig(config.config_file_name)

# add your model's MetaData object here
# for 'autogenerate' support
# from myapp import mymodel
# target_metadata = mymodel.Base.metadata
target_metadata = None

# other values from the config, defined by the needs of env.py,
# can be acquired:
# my_important_option = config.get_main_option("my_important_option")
# ... etc.


def run_migrations_offline() -> None:
    """Run migrations in 'offline' mode.

    This configures the context with just a URL
    and not an Engine, though an Engine is acceptable
    here as well.  By skipping the Engine creation
    we don't even need a DBAPI to be available.

    Calls to context.execute() here emit the given string to the
    script output.

    """
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
    """Run migrations in 'online' mode.

    In this scenario we need to create an Engine
    and associate a connection with the context.

    """
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

"""#
        ),
        (
            "migrations/script.py.mako",
            #"""
"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision: str = ${repr(up_revision)}
down_revision: Union[str, Sequence[str], None] = ${repr(down_revision)}
branch_labels: Union[str, Sequence[str], None] = ${repr(branch_labels)}
depends_on: Union[str, Sequence[str], None] = ${repr(depends_on)}


def upgrade() -> None:
    """Upgrade schema."""
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    """Downgrade schema."""
    ${downgrades if downgrades else "pass"}

"""#
        ),
        (
            "migrations/versions/1f3a9c2b7d40_create_users_table.py",
            #"""
"""create users table

Revision ID: 1f3a9c2b7d40
Revises: 
Create Date: 2025-03-04 09:12:31.402117

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '1f3a9c2b7d40'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email"),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("users")

"""#
        ),
        (
            "migrations/versions/3d6c8b1e5f27_add_last_login_to_users.py",
            #"""
"""add last_login to users

Revision ID: 3d6c8b1e5f27
Revises: e2b4f6a8c0d1
Create Date: 2025-04-02 13:58:40.774192

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '3d6c8b1e5f27'
down_revision: Union[str, Sequence[str], None] = 'e2b4f6a8c0d1'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column("users", sa.Column("last_login", sa.DateTime(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("users", "last_login")

"""#
        ),
        (
            "migrations/versions/4b8e21d6a9c3_create_products_table.py",
            #"""
"""create products table

Revision ID: 4b8e21d6a9c3
Revises: 1f3a9c2b7d40
Create Date: 2025-03-06 14:40:02.118350

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '4b8e21d6a9c3'
down_revision: Union[str, Sequence[str], None] = '1f3a9c2b7d40'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("price_cents", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_products_sku", "products", ["sku"], unique=True)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_products_sku", table_name="products")
    op.drop_table("products")

"""#
        ),
        (
            "migrations/versions/58d0c3e7a9f1_create_blog_posts_table.py",
            #"""
"""create blog posts table

Revision ID: 58d0c3e7a9f1
Revises: 
Create Date: 2025-04-21 10:17:38.880245

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '58d0c3e7a9f1'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = ('blog',)
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slug"),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("posts")

"""#
        ),
        (
            "migrations/versions/6a4f2c8e0b95_add_comments_by_users.py",
            #"""
"""add comments by users

Revision ID: 6a4f2c8e0b95
Revises: 58d0c3e7a9f1
Create Date: 2025-04-28 17:09:51.336602

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '6a4f2c8e0b95'
down_revision: Union[str, Sequence[str], None] = '58d0c3e7a9f1'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = '1f3a9c2b7d40'


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_comments_post_id", "comments", ["post_id"])
    op.add_column("posts", sa.Column("comment_count", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_comments_post_id", table_name="comments")
    op.drop_table("comments")

"""#
        ),
        (
            "migrations/versions/7c2d5e8f1a64_create_orders_and_order_lines.py",
            #"""
"""create orders and order lines

Revision ID: 7c2d5e8f1a64
Revises: 4b8e21d6a9c3
Create Date: 2025-03-11 10:05:47.660981

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '7c2d5e8f1a64'
down_revision: Union[str, Sequence[str], None] = '4b8e21d6a9c3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("placed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "order_lines",
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"]),
        sa.PrimaryKeyConstraint("order_id", "product_id"),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("order_lines")
    op.drop_table("orders")

"""#
        ),
        (
            "migrations/versions/9e1a7c3f5b82_create_daily_sales_table.py",
            #"""
"""create daily sales table

Revision ID: 9e1a7c3f5b82
Revises: e2b4f6a8c0d1
Create Date: 2025-04-07 09:03:26.148830

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '9e1a7c3f5b82'
down_revision: Union[str, Sequence[str], None] = 'e2b4f6a8c0d1'
branch_labels: Union[str, Sequence[str], None] = ('reporting',)
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "daily_sales",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("revenue_cents", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"]),
        sa.PrimaryKeyConstraint("day", "product_id"),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("daily_sales")

"""#
        ),
        (
            "migrations/versions/a93f0b4c6e12_add_status_to_orders.py",
            #"""
"""add status to orders

Revision ID: a93f0b4c6e12
Revises: 7c2d5e8f1a64
Create Date: 2025-03-18 16:22:09.031544

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'a93f0b4c6e12'
down_revision: Union[str, Sequence[str], None] = '7c2d5e8f1a64'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column(
        "orders",
        sa.Column("status", sa.String(length=20), server_default="pending", nullable=False),
    )
    op.create_index("ix_orders_status", "orders", ["status"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_orders_status", table_name="orders")
    op.drop_column("orders", "status")

"""#
        ),
        (
            "migrations/versions/b7f2e9d4a613_add_region_to_daily_sales.py",
            #"""
"""add region to daily sales

Revision ID: b7f2e9d4a613
Revises: 9e1a7c3f5b82
Create Date: 2025-04-15 15:41:12.509377

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'b7f2e9d4a613'
down_revision: Union[str, Sequence[str], None] = '9e1a7c3f5b82'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column("daily_sales", sa.Column("region", sa.String(length=8), nullable=True))
    op.create_index("ix_daily_sales_region_day", "daily_sales", ["region", "day"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_daily_sales_region_day", table_name="daily_sales")
    op.drop_column("daily_sales", "region")

"""#
        ),
        (
            "migrations/versions/c5e71d9a2b08_index_product_titles_for_search.py",
            #"""
"""index product titles for search

Revision ID: c5e71d9a2b08
Revises: 7c2d5e8f1a64
Create Date: 2025-03-19 08:47:55.912003

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'c5e71d9a2b08'
down_revision: Union[str, Sequence[str], None] = '7c2d5e8f1a64'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_index("ix_products_title", "products", ["title"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_products_title", table_name="products")

"""#
        ),
        (
            "migrations/versions/e2b4f6a8c0d1_merge_order_status_and_product_search.py",
            #"""
"""merge order status and product search

Revision ID: e2b4f6a8c0d1
Revises: a93f0b4c6e12, c5e71d9a2b08
Create Date: 2025-03-20 11:30:14.257860

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'e2b4f6a8c0d1'
down_revision: Union[str, Sequence[str], None] = ('a93f0b4c6e12', 'c5e71d9a2b08')
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    pass


def downgrade() -> None:
    """Downgrade schema."""
    pass

"""#
        ),
    ]
}

"""batch operations

batch_alter_table without copy_from (only operations SQLite can do in place, so no
reflection is needed offline), with copy_from, and with recreate="always" (a table
copy on PostgreSQL too).

Revision ID: f7e5d3c1b9a8
Revises: a3c5e7f9b1d2
Create Date: 2025-04-01 11:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'f7e5d3c1b9a8'
down_revision: Union[str, Sequence[str], None] = 'a3c5e7f9b1d2'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def tags_v1():
    return sa.Table(
        "tags",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("color", sa.String(7)),
        sa.Column("slug", sa.String(50)),
        sa.Index("ix_tags_slug", "slug", unique=True),
    )


def tags_v2():
    return sa.Table(
        "tags",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("slug", sa.String(50)),
        sa.Index("ix_tags_slug", "slug", unique=True),
        sa.CheckConstraint("name <> ''", name="ck_tags_name_not_empty"),
    )


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("color", sa.String(7)),
    )
    with op.batch_alter_table("tags") as batch_op:
        batch_op.add_column(sa.Column("slug", sa.String(50)))
        batch_op.create_index("ix_tags_slug", ["slug"], unique=True)
    with op.batch_alter_table("tags", copy_from=tags_v1(), recreate="always") as batch_op:
        batch_op.alter_column(
            "name", type_=sa.String(100), existing_type=sa.String(50), existing_nullable=False
        )
        batch_op.drop_column("color")
        batch_op.create_check_constraint("ck_tags_name_not_empty", "name <> ''")
    with op.batch_alter_table("user_roles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_roles_role"), ["role"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("user_roles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_roles_role"))
    with op.batch_alter_table("tags", copy_from=tags_v2(), recreate="always") as batch_op:
        batch_op.drop_constraint("ck_tags_name_not_empty", type_="check")
        batch_op.add_column(sa.Column("color", sa.String(7)))
        batch_op.alter_column(
            "name", type_=sa.String(50), existing_type=sa.String(100), existing_nullable=False
        )
    with op.batch_alter_table("tags") as batch_op:
        batch_op.drop_index("ix_tags_slug")
    op.drop_table("tags")

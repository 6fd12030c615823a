"""postgresql only ddl

An exclusion constraint, a GIN index with an operator class, an index with INCLUDE,
IF [NOT] EXISTS on columns and constraints, and ALTER TYPE ... ADD VALUE in an
autocommit block; PostgreSQL only, checked through op.get_context().dialect in a helper
(drop_constraint's type_ accepts no "exclude": it is left out).

Revision ID: 46a8c0e2b4f1
Revises: d0f2b4a6c897
Create Date: 2025-04-01 10:40:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision: str = '46a8c0e2b4f1'
down_revision: Union[str, Sequence[str], None] = 'd0f2b4a6c897'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def is_postgresql():
    return op.get_context().dialect.name == "postgresql"


def upgrade() -> None:
    """Upgrade schema."""
    if not is_postgresql():
        return
    op.create_exclude_constraint(
        "ex_pg_types_during",
        "pg_types",
        ("during", "&&"),
        where="during IS NOT NULL",
        using="gist",
    )
    op.create_index(
        "ix_pg_types_attrs",
        "pg_types",
        ["attrs"],
        postgresql_using="gin",
        postgresql_ops={"attrs": "jsonb_path_ops"},
    )
    op.create_index(
        "ix_pg_types_ip", "pg_types", ["ip"], postgresql_include=["network"]
    )
    op.add_column(
        "pg_types",
        sa.Column("labels", postgresql.ARRAY(sa.Text()), nullable=True),
        if_not_exists=True,
    )
    op.drop_constraint("uq_order_number", "order", type_="unique", if_exists=True)
    with op.get_context().autocommit_block():
        op.execute("ALTER TYPE pg_priority ADD VALUE IF NOT EXISTS 'urgent'")


def downgrade() -> None:
    """Downgrade schema."""
    if not is_postgresql():
        return
    # PostgreSQL cannot drop a value from an enum type; 'urgent' stays until the type goes
    op.create_unique_constraint("uq_order_number", "order", ["number"])
    op.drop_column("pg_types", "labels", if_exists=True)
    op.drop_index("ix_pg_types_ip", table_name="pg_types")
    op.drop_index("ix_pg_types_attrs", table_name="pg_types")
    op.drop_constraint("ex_pg_types_during", "pg_types")

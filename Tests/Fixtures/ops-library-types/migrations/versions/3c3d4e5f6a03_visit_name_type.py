"""a type class with __visit_name__ and @compiles

A JSONB that SQLite gets from a @compiles function of the script's own, and PostgreSQL
from its compiler's visit_JSONB, inside a with_variant chain (as phoenix writes it).

Revision ID: 3c3d4e5f6a03
Revises: 2b2c3d4e5f02
Create Date: 2026-12-02 10:10:00.000000

"""
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy import JSON
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.compiler import compiles

revision = "3c3d4e5f6a03"
down_revision = "2b2c3d4e5f02"
branch_labels = None
depends_on = None


class JSONB(JSON):
    __visit_name__ = "JSONB"


@compiles(JSONB, "sqlite")
def _(*args: Any, **kwargs: Any) -> str:
    return "JSONB"


JSON_ = JSON().with_variant(postgresql.JSONB(), "postgresql").with_variant(JSONB(), "sqlite")

TABLES = {"events", "audits", "events"}


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("body", JSON_, nullable=True),
        sa.Column("raw", JSONB(), nullable=True),
    )
    with op.get_context().autocommit_block():
        op.execute("CREATE INDEX ix_documents_id ON documents (id)")
    with op.get_context().autocommit_block():
        op.execute("ANALYZE documents")
    # A set of the script's own: each table once, in an order Python picks.
    for table in TABLES:
        op.create_table(table, sa.Column("id", sa.Integer, primary_key=True))


def downgrade() -> None:
    for table in sorted(TABLES):
        op.drop_table(table)
    op.drop_table("documents")

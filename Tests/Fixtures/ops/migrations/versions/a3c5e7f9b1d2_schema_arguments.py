"""schema arguments

schema= on create_table, create_index, add_column, alter_column, rename_table,
bulk_insert, drop_index, drop_column and drop_table. The schema is "audit" on
PostgreSQL and "main" (the main database's own name) on SQLite.

Revision ID: a3c5e7f9b1d2
Revises: 46a8c0e2b4f1
Create Date: 2025-04-01 10:50:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'a3c5e7f9b1d2'
down_revision: Union[str, Sequence[str], None] = '46a8c0e2b4f1'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    is_pg = op.get_bind().dialect.name == "postgresql"
    schema = "audit" if is_pg else "main"
    if is_pg:
        op.execute("CREATE SCHEMA audit")
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("user_id", sa.Integer),
        sa.Column("at", sa.DateTime, server_default=sa.func.now()),
        schema=schema,
    )
    op.create_index("ix_audit_events_kind", "audit_events", ["kind"], schema=schema)
    op.add_column("audit_events", sa.Column("detail", sa.Text()), schema=schema)
    if is_pg:
        op.alter_column(
            "audit_events", "kind", type_=sa.String(40), existing_type=sa.String(20), schema=schema
        )
        op.create_foreign_key(
            "fk_audit_events_user",
            "audit_events",
            "users",
            ["user_id"],
            ["id"],
            source_schema=schema,
            referent_schema="public",
        )
    op.rename_table("audit_events", "events", schema=schema)
    events = sa.table(
        "events", sa.column("id", sa.Integer), sa.column("kind", sa.String), schema=schema
    )
    op.bulk_insert(events, [{"id": 1, "kind": "created"}, {"id": 2, "kind": "migrated"}])


def downgrade() -> None:
    """Downgrade schema."""
    is_pg = op.get_bind().dialect.name == "postgresql"
    schema = "audit" if is_pg else "main"
    op.drop_index("ix_audit_events_kind", table_name="events", schema=schema)
    op.drop_column("events", "detail", schema=schema)
    op.drop_table("events", schema=schema)
    if is_pg:
        op.execute("DROP SCHEMA audit")

"""postgresql types

PostgreSQL-only column types, in a revision that does nothing on other databases.
op.get_bind() works in offline mode: it is a mock connection whose dialect is the
configured one.

Revision ID: 8e2d4c6b0a17
Revises: 3f1a2b4c5d60
Create Date: 2025-04-01 09:10:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import JSONB, UUID


# revision identifiers, used by Alembic.
revision: str = '8e2d4c6b0a17'
down_revision: Union[str, Sequence[str], None] = '3f1a2b4c5d60'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    if op.get_bind().dialect.name == "postgresql":
        op.create_table(
            "pg_types",
            sa.Column(
                "id",
                UUID(as_uuid=True),
                primary_key=True,
                server_default=sa.text("gen_random_uuid()"),
            ),
            sa.Column("attrs", JSONB(), nullable=False, server_default=sa.text("'{}'::jsonb")),
            sa.Column("old_id", postgresql.UUID()),
            sa.Column("scores", sa.ARRAY(sa.Integer())),
            sa.Column("tags", postgresql.ARRAY(sa.String(20)), server_default="{}"),
            sa.Column("grid", postgresql.ARRAY(sa.Integer(), dimensions=2)),
            sa.Column("ip", postgresql.INET()),
            sa.Column("network", postgresql.CIDR()),
            sa.Column("search", postgresql.TSVECTOR()),
            sa.Column(
                "priority",
                postgresql.ENUM("low", "normal", "high", name="pg_priority"),
                nullable=False,
                server_default="normal",
            ),
            sa.Column(
                "status",
                postgresql.ENUM(
                    "draft", "published", "won't publish", name="zoo_status", create_type=False
                ),
            ),
            sa.Column("raw", postgresql.BYTEA()),
            sa.Column("weight", postgresql.DOUBLE_PRECISION()),
            sa.Column("seen_at", postgresql.TIMESTAMP(timezone=True)),
            sa.Column("logged_at", postgresql.TIMESTAMP(timezone=False, precision=3)),
            sa.Column("during", postgresql.TSRANGE()),
        )


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name == "postgresql":
        op.drop_table("pg_types")
        op.execute("DROP TYPE pg_priority")

"""create type zoo

One table with a column of every generic SQLAlchemy type, the uppercase SQL types,
and the Enum and Boolean variants that add a CHECK constraint or a PostgreSQL type.

Revision ID: 3f1a2b4c5d60
Revises:
Create Date: 2025-04-01 09:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '3f1a2b4c5d60'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "type_zoo",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("big", sa.BigInteger()),
        sa.Column("small", sa.SmallInteger()),
        sa.Column("name", sa.String(length=50)),
        sa.Column("code", sa.String()),
        sa.Column("body", sa.Text()),
        sa.Column("title", sa.Unicode(100)),
        sa.Column("notes", sa.UnicodeText()),
        sa.Column("active", sa.Boolean()),
        sa.Column("born_on", sa.Date()),
        sa.Column("created_at", sa.DateTime()),
        sa.Column("updated_at", sa.DateTime(timezone=True)),
        sa.Column("opens_at", sa.Time()),
        sa.Column("duration", sa.Interval()),
        sa.Column("ratio", sa.Float()),
        sa.Column("precise", sa.Float(precision=53)),
        sa.Column("double", sa.Double()),
        sa.Column("price", sa.Numeric(10, 2)),
        sa.Column("amount", sa.Numeric(precision=12, scale=4)),
        sa.Column("plain_number", sa.Numeric()),
        sa.Column("payload", sa.LargeBinary()),
        sa.Column("document", sa.JSON()),
        sa.Column(
            "status",
            sa.Enum("draft", "published", "won't publish", name="zoo_status"),
        ),
        sa.Column("kind", sa.Enum("plain", "fancy", name="zoo_kind", native_enum=False)),
        sa.Column(
            "mood",
            sa.Enum("happy", "sad", name="zoo_mood", native_enum=False, create_constraint=True),
        ),
        sa.Column("size", sa.Enum("s", "m", "l", name="zoo_size", create_constraint=True)),
        sa.Column("flagged", sa.Boolean(create_constraint=True, name="ck_type_zoo_flagged")),
        sa.Column("token", sa.Uuid()),
        sa.Column("legacy_code", sa.VARCHAR(20)),
        sa.Column("fixed_code", sa.CHAR(3)),
        sa.Column("stamped_at", sa.TIMESTAMP()),
        sa.Column("stamped_tz", sa.TIMESTAMP(timezone=True)),
        sa.Column("counter", sa.BIGINT()),
        sa.Column("whole", sa.INTEGER()),
        sa.Column("real_number", sa.REAL()),
        sa.Column("decimal_number", sa.DECIMAL(8, 3)),
        sa.Column("long_text", sa.TEXT()),
        sa.Column("yes_no", sa.BOOLEAN()),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("type_zoo")
    if op.get_bind().dialect.name == "postgresql":
        # drop_table leaves the enum types that create_table made
        op.execute("DROP TYPE zoo_size")
        op.execute("DROP TYPE zoo_status")

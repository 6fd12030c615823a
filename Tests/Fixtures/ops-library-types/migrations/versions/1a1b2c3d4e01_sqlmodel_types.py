"""sqlmodel types

Columns as sqlmodel's autogenerate writes them: AutoString with and without a length,
UTCDateTime, and SQLAlchemy's Uuid reached through sqlmodel's own module.

Revision ID: 1a1b2c3d4e01
Revises:
Create Date: 2026-12-02 10:00:00.000000

"""
import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "1a1b2c3d4e01"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hero",
        sa.Column("id", sqlmodel.sql.sqltypes.types.Uuid(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True),
        sa.Column("alias", AutoString(40), nullable=True),
        sa.Column("seen_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.add_column("hero", sa.Column("motto", sqlmodel.AutoString(), nullable=True))


def downgrade() -> None:
    op.drop_column("hero", "motto")
    op.drop_table("hero")

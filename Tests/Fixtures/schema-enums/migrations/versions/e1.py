"""tickets, with an enum made by create_table and one made first

Revision ID: e1
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "e1"
down_revision = None


def upgrade():
    postgresql.ENUM("low", "high", name="priority").create(op.get_bind())
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("status", sa.Enum("open", "closed", name="ticket_status"), nullable=False),
        sa.Column("priority", postgresql.ENUM("low", "high", name="priority", create_type=False)),
    )


def downgrade():
    op.drop_table("tickets")
    op.execute("DROP TYPE ticket_status")
    postgresql.ENUM(name="priority").drop(op.get_bind())

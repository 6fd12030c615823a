"""a status between open and closed, and a mood made by raw SQL

Revision ID: e2
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "e2"
down_revision = "e1"


def upgrade():
    op.execute("ALTER TYPE ticket_status ADD VALUE 'pending' BEFORE 'closed'")
    op.execute("CREATE TYPE mood AS ENUM ('sad', 'happy')")
    op.add_column("tickets", sa.Column("mood", postgresql.ENUM(name="mood", create_type=False)))


def downgrade():
    op.drop_column("tickets", "mood")
    op.execute("DROP TYPE mood")

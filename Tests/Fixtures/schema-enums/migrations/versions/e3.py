"""the mood type renamed, a label renamed

Revision ID: e3
"""
from alembic import op

revision = "e3"
down_revision = "e2"


def upgrade():
    op.execute("ALTER TYPE mood RENAME TO feeling")
    op.execute("ALTER TYPE feeling RENAME VALUE 'sad' TO 'blue'")
    op.execute("ALTER TYPE feeling ADD VALUE IF NOT EXISTS 'calm'")


def downgrade():
    op.execute("ALTER TYPE feeling RENAME VALUE 'blue' TO 'sad'")
    op.execute("ALTER TYPE feeling RENAME TO mood")

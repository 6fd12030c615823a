"""a type changed in batch mode

Revision ID: a_batch
"""
from alembic import op
import sqlalchemy as sa

revision = "a_batch"
down_revision = "s1"
branch_labels = ("batch",)


def upgrade():
    with op.batch_alter_table("t") as batch:
        batch.alter_column("name", type_=sa.Text())


def downgrade():
    pass

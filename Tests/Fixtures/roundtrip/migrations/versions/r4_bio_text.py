"""bio becomes text; the downgrade makes it varchar(100), not varchar(200)

Revision ID: r4
"""
from alembic import op
import sqlalchemy as sa

revision = "r4"
down_revision = "r3"


def upgrade():
    with op.batch_alter_table("accounts") as batch_op:
        batch_op.alter_column("bio", type_=sa.Text(), existing_type=sa.String(200))


def downgrade():
    with op.batch_alter_table("accounts") as batch_op:
        batch_op.alter_column("bio", type_=sa.String(100), existing_type=sa.Text())

"""legacy goes, email comes

Revision ID: d3
"""
from alembic import op
import sqlalchemy as sa

revision = "d3"
down_revision = "d2"


def upgrade():
    with op.batch_alter_table("accounts") as batch_op:
        batch_op.drop_column("legacy")
        batch_op.add_column(sa.Column("email", sa.String(200), nullable=True))
        batch_op.create_unique_constraint("uq_accounts_email", ["email"])


def downgrade():
    with op.batch_alter_table("accounts") as batch_op:
        batch_op.drop_constraint("uq_accounts_email", type_="unique")
        batch_op.drop_column("email")
        batch_op.add_column(sa.Column("legacy", sa.Text()))

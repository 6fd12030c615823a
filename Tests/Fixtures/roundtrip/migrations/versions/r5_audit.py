"""an audit table and a column, both undone properly

Revision ID: r5
"""
from alembic import op
import sqlalchemy as sa

revision = "r5"
down_revision = "r4"


def upgrade():
    op.create_table("audit", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("what", sa.Text()))
    op.create_index("ix_audit_what", "audit", ["what"])
    with op.batch_alter_table("accounts") as batch_op:
        batch_op.add_column(sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade():
    with op.batch_alter_table("accounts") as batch_op:
        batch_op.drop_column("active")
    op.drop_index("ix_audit_what", table_name="audit")
    op.drop_table("audit")

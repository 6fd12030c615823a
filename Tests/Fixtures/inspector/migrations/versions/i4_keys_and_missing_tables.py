"""primary and unique keys, and a table that is not there

Revision ID: i4
Revises: i3
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.engine.reflection import Inspector
from sqlalchemy.exc import NoSuchTableError

revision = "i4"
down_revision = "i3"
branch_labels = None
depends_on = None


def upgrade():
    inspector = Inspector.from_engine(op.get_bind())
    try:
        inspector.get_columns("archived_posts")
    except NoSuchTableError:
        op.create_table(
            "archived_posts", sa.Column("id", sa.Integer, primary_key=True), sa.Column("body", sa.Text)
        )
    key = inspector.get_pk_constraint("users")
    if key["constrained_columns"] == ["id"]:
        op.add_column("users", sa.Column("active", sa.Boolean, server_default=sa.true(), nullable=False))
    for unique in inspector.get_unique_constraints("users"):
        if unique["column_names"] == ["email"]:
            op.create_index("ix_users_email_name", "users", ["email", "name"])
    if "archived_posts" in inspector.get_table_names():
        op.create_index("ix_archived_posts_body", "archived_posts", ["body"])


def downgrade():
    inspector = sa.inspect(op.get_bind())
    if inspector.has_index("users", "ix_users_email_name"):
        op.drop_index("ix_users_email_name", table_name="users")
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("active")
    if "archived_posts" in inspector.get_table_names():
        op.drop_table("archived_posts")

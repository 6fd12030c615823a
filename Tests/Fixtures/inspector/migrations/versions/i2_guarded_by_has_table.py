"""guarded by has_table and get_columns

Revision ID: i2
Revises: i1
"""
import sqlalchemy as sa
from alembic import op

revision = "i2"
down_revision = "i1"
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    if not inspector.has_table("tags"):
        op.create_table("tags", sa.Column("id", sa.Integer, primary_key=True), sa.Column("label", sa.String(30)))
    if inspector.has_table("legacy_tags"):
        op.drop_table("legacy_tags")
    columns = [column["name"] for column in inspector.get_columns("users")]
    if "nickname" not in columns:
        op.add_column("users", sa.Column("nickname", sa.String(30)))
    # The same Inspector again: SQLAlchemy gives the answer it kept, without nickname.
    if "nickname" in [column["name"] for column in inspector.get_columns("users")]:
        op.create_index("ix_users_nickname_cached", "users", ["nickname"])
    # A new Inspector sees the column added above.
    if "nickname" in [column["name"] for column in sa.inspect(bind).get_columns("users")]:
        op.create_index("ix_users_nickname", "users", ["nickname"])
    nullable = {column["name"]: column["nullable"] for column in inspector.get_columns("posts")}
    if not nullable["title"]:
        op.add_column("posts", sa.Column("subtitle", sa.String(200)))


def downgrade():
    inspector = sa.inspect(op.get_bind())
    if "subtitle" in {column["name"] for column in inspector.get_columns("posts")}:
        op.drop_column("posts", "subtitle")
    if inspector.has_index("users", "ix_users_nickname"):
        op.drop_index("ix_users_nickname", table_name="users")
    if inspector.has_table("users"):
        op.drop_column("users", "nickname")
    if inspector.has_table("tags"):
        op.drop_table("tags")

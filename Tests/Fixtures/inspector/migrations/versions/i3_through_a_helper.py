"""indexes and foreign keys through a helper module

Revision ID: i3
Revises: i2
"""
import sqlalchemy as sa
from alembic import op

from schema_checks import column_names, foreign_key_names, has_index

revision = "i3"
down_revision = "i2"
branch_labels = None
depends_on = None


def upgrade():
    if not has_index("posts", "ix_posts_user_id"):
        op.create_index("ix_posts_user_id", "posts", ["user_id"])
    if has_index("posts", "ix_posts_title"):
        op.drop_index("ix_posts_title", table_name="posts")
    if op.get_bind().dialect.name == "postgresql":
        # PostgreSQL named the unnamed foreign key of i1; it is replaced by a named one.
        for name in foreign_key_names("posts"):
            op.drop_constraint(name, "posts", type_="foreignkey")
        op.create_foreign_key("fk_posts_user", "posts", "users", ["user_id"], ["id"], ondelete="CASCADE")
    if "rating" not in column_names("posts"):
        op.add_column("posts", sa.Column("rating", sa.Integer))


def downgrade():
    if "rating" in column_names("posts"):
        op.drop_column("posts", "rating")
    if op.get_bind().dialect.name == "postgresql":
        for name in foreign_key_names("posts"):
            op.drop_constraint(name, "posts", type_="foreignkey")
        op.create_foreign_key("posts_user_id_fkey", "posts", "users", ["user_id"], ["id"])
    if not has_index("posts", "ix_posts_title"):
        op.create_index("ix_posts_title", "posts", ["title"])
    if has_index("posts", "ix_posts_user_id"):
        op.drop_index("ix_posts_user_id", table_name="posts")

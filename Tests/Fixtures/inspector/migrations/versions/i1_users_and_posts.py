"""users and posts

Revision ID: i1
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "i1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(100), nullable=False, unique=True),
        sa.Column("name", sa.String(50)),
    )
    op.create_table(
        "posts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id")),
        sa.Column("title", sa.String(200), nullable=False),
    )
    op.create_index("ix_posts_title", "posts", ["title"])


def downgrade():
    op.drop_index("ix_posts_title", table_name="posts")
    op.drop_table("posts")
    op.drop_table("users")

"""UserDefinedType subclasses

Types whose DDL is what get_col_spec() returns, with and without attributes that
__init__ sets (a pgvector-style VECTOR(n) and a plain POINT).

Revision ID: 5e5f6a7b8c05
Revises: 4d4e5f6a7b04
Create Date: 2026-12-02 10:20:00.000000

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.types import UserDefinedType

revision = "5e5f6a7b8c05"
down_revision = "4d4e5f6a7b04"
branch_labels = None
depends_on = None


class Vector(UserDefinedType):
    cache_ok = True

    def __init__(self, dim=None):
        self.dim = dim

    def get_col_spec(self, **kw):
        if self.dim is None:
            return "VECTOR"
        return "VECTOR(%d)" % self.dim


class Point(UserDefinedType):
    def get_col_spec(self, **kw):
        return "POINT"


class HalfVector(Vector):
    def get_col_spec(self, **kw):
        return f"HALFVEC({self.dim})"


def upgrade() -> None:
    op.create_table(
        "embeddings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("vec", Vector(3)),
        sa.Column("any_vec", Vector()),
        sa.Column("half", HalfVector(dim=8)),
        sa.Column("at", Point()),
    )
    op.add_column("embeddings", sa.Column("extra", Vector(16), nullable=True))


def downgrade() -> None:
    op.drop_column("embeddings", "extra")
    op.drop_table("embeddings")

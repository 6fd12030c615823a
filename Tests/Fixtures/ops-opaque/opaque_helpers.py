"""A module of the project that a revision imports (prepend_sys_path = %(here)s).

Alembic imports it; Retort reads it from the project's path without running it, so the
revision that uses it renders as Alembic renders it (and is opaque without that path).
"""
import sqlalchemy as sa


def audit_columns():
    return [
        sa.Column("created_by", sa.String(50), nullable=False, server_default="system"),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now()),
    ]

"""first copy

Revision ID: aaaa1111
Create Date: 2024-01-01 00:00:00
"""
revision = "aaaa1111"
down_revision = None


def upgrade():
    pass


def downgrade():
    pass

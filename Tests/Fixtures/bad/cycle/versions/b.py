"""b

Revision ID: bbbb2222
Create Date: 2024-01-01 00:00:00
"""
revision = "bbbb2222"
down_revision = "aaaa1111"


def upgrade():
    pass


def downgrade():
    pass

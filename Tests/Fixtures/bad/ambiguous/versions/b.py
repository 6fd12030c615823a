"""b

Revision ID: abcd2222
Create Date: 2024-01-01 00:00:00
"""
revision = "abcd2222"
down_revision = "abcd1111"


def upgrade():
    pass


def downgrade():
    pass

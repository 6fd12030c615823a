"""with a BOM

Revision ID: aaaa1111
"""
revision = "aaaa1111"
down_revision = None

def upgrade():
    pass

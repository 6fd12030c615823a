"""latin-1 in a comment"""
revision = "bbbb2222"
down_revision = "aaaa1111"
# café

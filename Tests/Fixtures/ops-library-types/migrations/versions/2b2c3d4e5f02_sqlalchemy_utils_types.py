"""sqlalchemy_utils types

The types of sqlalchemy_utils that migrations use, each with the arguments that change
what they compile to.

Revision ID: 2b2c3d4e5f02
Revises: 1a1b2c3d4e01
Create Date: 2026-12-02 10:05:00.000000

"""
import sqlalchemy as sa
import sqlalchemy_utils
from alembic import op
from sqlalchemy_utils import ChoiceType, EmailType, JSONType, UUIDType
from sqlalchemy_utils.types.uuid import UUIDType as SameUUIDType

revision = "2b2c3d4e5f02"
down_revision = "1a1b2c3d4e01"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "account",
        sa.Column("id", UUIDType(binary=True), nullable=False),
        sa.Column("ref", UUIDType(binary=False), nullable=True),
        sa.Column("legacy", SameUUIDType(native=False), nullable=True),
        sa.Column("text_ref", UUIDType(binary=False, native=False), nullable=True),
        sa.Column("extra", JSONType(), nullable=True),
        sa.Column("kind", ChoiceType([("a", "A"), ("b", "B")]), nullable=True),
        sa.Column("level", ChoiceType([(1, "low")], impl=sa.Integer()), nullable=True),
        sa.Column("email", EmailType(), nullable=True),
        sa.Column("backup_email", EmailType(100), nullable=True),
        sa.Column("homepage", sqlalchemy_utils.URLType(), nullable=True),
        sa.Column("tags", sqlalchemy_utils.ScalarListType(), nullable=True),
        sa.Column("country", sqlalchemy_utils.CountryType(), nullable=True),
        sa.Column("ip", sqlalchemy_utils.IPAddressType(), nullable=True),
        sa.Column("password", sqlalchemy_utils.PasswordType(max_length=64), nullable=True),
        sa.Column("secret", sqlalchemy_utils.EncryptedType(), nullable=True),
        sa.Column("note", sqlalchemy_utils.StringEncryptedType(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("account")

"""batch copies

Table copies (copy_from, recreate="always", so both dialects copy) with a changed
type affinity (a CAST in the copy), a renamed column that an index names, a column
added with a named foreign key and one placed with insert_before, dropped and created
indexes and constraints, Boolean and Enum CHECKs that follow their columns, a
column-level CHECK, and the table's unique and foreign key constraints; plus a batch
that SQLite does in place (an added column and an index) and a batch_op.execute,
which runs before the rest of its block.

Revision ID: d2e3f4a5b6c7
Revises: c1d2e3f4a5b6
Create Date: 2025-05-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'd2e3f4a5b6c7'
down_revision: Union[str, Sequence[str], None] = 'c1d2e3f4a5b6'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def pets(schema=None):
    # In a schema, Alembic's copy looks for the referred table in that schema too.
    owner = sa.ForeignKey("people.id", ondelete="CASCADE") if schema is None else sa.CheckConstraint("owner_id > 0")
    return sa.Table(
        "pets",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("owner_id", sa.Integer, owner),
        sa.Column("name", sa.String(40), nullable=False, unique=True),
        sa.Column("age", sa.Integer, sa.CheckConstraint("age >= 0", name="ck_pets_age")),
        sa.Column("legs", sa.Integer, server_default="4"),
        sa.Column("tame", sa.Boolean(create_constraint=True, name="ck_pets_tame")),
        sa.Column("kind", sa.Enum("cat", "dog", name="ck_pets_kind", native_enum=False, create_constraint=True)),
        sa.Column("note", sa.Text),
        sa.CheckConstraint("legs < 100", name="ck_pets_legs"),
        sa.UniqueConstraint("owner_id", "name", name="uq_pets_owner_name"),
        sa.Index("ix_pets_note", "note"),
        sa.Index("ix_pets_legs", "legs", unique=True),
        schema=schema,
    )


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("pets", copy_from=pets(), recreate="always") as batch_op:
        batch_op.execute("UPDATE pets SET legs = 4 WHERE legs IS NULL")
        batch_op.alter_column("legs", type_=sa.String(3), existing_type=sa.Integer)
        batch_op.alter_column("note", new_column_name="remark", existing_type=sa.Text)
        batch_op.add_column(sa.Column("vet_id", sa.Integer, sa.ForeignKey("people.id", name="fk_pets_vet")))
        batch_op.add_column(sa.Column("nick", sa.String(10)), insert_before="name")
        batch_op.drop_index("ix_pets_legs")
        batch_op.create_index("ix_pets_vet", ["vet_id"])
        batch_op.drop_constraint("ck_pets_legs", type_="check")
        batch_op.create_unique_constraint("uq_pets_nick", ["nick"])
        batch_op.alter_column("age", nullable=False, server_default=sa.text("0"), existing_type=sa.Integer)
    with op.batch_alter_table("pets", copy_from=pets("zoo"), schema="zoo", recreate="always") as batch_op:
        batch_op.drop_column("kind")
        batch_op.add_column(sa.Column("weight", sa.Numeric(6, 2)), insert_after="id")
        batch_op.alter_column("tame", new_column_name="is_tame", existing_type=sa.Boolean)
    with op.batch_alter_table("people") as batch_op:
        batch_op.add_column(sa.Column("nickname", sa.String(20), server_default="none"))
        batch_op.create_index("ix_people_nickname", ["nickname"], unique=True)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("people") as batch_op:
        batch_op.drop_index("ix_people_nickname")
    with op.batch_alter_table("pets", copy_from=pets(), recreate="always") as batch_op:
        batch_op.drop_column("owner_id")
        batch_op.drop_constraint("uq_pets_owner_name", type_="unique")
        batch_op.alter_column("age", type_=sa.Float, existing_type=sa.Integer)
        batch_op.alter_column("id", autoincrement=False, existing_type=sa.Integer)

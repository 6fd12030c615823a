"""shipment constraints

create_primary_key, create_unique_constraint, create_check_constraint and
create_foreign_key (ondelete, onupdate, deferrable, initially, referent_schema), and
drop_constraint with each type_. SQLite cannot ALTER constraints, so there the same
operations go through batch mode with copy_from.

Revision ID: b8a6c4e2f075
Revises: 2c4e6a8b0d13
Create Date: 2025-04-01 10:20:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'b8a6c4e2f075'
down_revision: Union[str, Sequence[str], None] = '2c4e6a8b0d13'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TABLE = "shipments"


def shipment_columns():
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("carrier", sa.String(20), nullable=False),
        sa.Column("tracking", sa.String(40)),
        sa.Column("weight", sa.Numeric(8, 2)),
    ]


def shipments_with_constraints():
    return sa.Table(
        TABLE,
        sa.MetaData(),
        *shipment_columns(),
        sa.PrimaryKeyConstraint("id", name="pk_shipments"),
        sa.UniqueConstraint("carrier", "tracking", name="uq_shipments_tracking"),
        sa.CheckConstraint("weight > 0", name="ck_shipments_weight"),
        sa.ForeignKeyConstraint(
            ["order_id"], ["order.id"], name="fk_shipments_order", ondelete="CASCADE"
        ),
    )


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(TABLE, *shipment_columns())
    if op.get_bind().dialect.name == "postgresql":
        op.create_primary_key("pk_shipments", TABLE, ["id"])
        op.create_unique_constraint("uq_shipments_tracking", TABLE, ["carrier", "tracking"])
        op.create_check_constraint("ck_shipments_weight", TABLE, "weight > 0")
        op.create_foreign_key(
            "fk_shipments_order",
            TABLE,
            "order",
            ["order_id"],
            ["id"],
            ondelete="CASCADE",
            onupdate="CASCADE",
            deferrable=True,
            initially="IMMEDIATE",
            referent_schema="public",
        )
    else:
        copy = sa.Table(TABLE, sa.MetaData(), *shipment_columns())
        with op.batch_alter_table(TABLE, copy_from=copy) as batch_op:
            batch_op.create_primary_key("pk_shipments", ["id"])
            batch_op.create_unique_constraint("uq_shipments_tracking", ["carrier", "tracking"])
            batch_op.create_check_constraint("ck_shipments_weight", "weight > 0")
            batch_op.create_foreign_key(
                "fk_shipments_order",
                "order",
                ["order_id"],
                ["id"],
                ondelete="CASCADE",
                onupdate="CASCADE",
                deferrable=True,
                initially="IMMEDIATE",
            )


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("fk_shipments_order", TABLE, type_="foreignkey")
        op.drop_constraint("ck_shipments_weight", TABLE, type_="check")
        op.drop_constraint("uq_shipments_tracking", TABLE, type_="unique")
        op.drop_constraint("pk_shipments", TABLE, type_="primary")
    else:
        with op.batch_alter_table(TABLE, copy_from=shipments_with_constraints()) as batch_op:
            batch_op.drop_constraint("fk_shipments_order", type_="foreignkey")
            batch_op.drop_constraint("ck_shipments_weight", type_="check")
            batch_op.drop_constraint("uq_shipments_tracking", type_="unique")
    op.drop_table(TABLE)

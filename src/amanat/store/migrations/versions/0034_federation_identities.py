"""Victims' identities received from their origin node under her consent, sealed for
the consented organisation here (issue 18, item 6).

Revision ID: 0034
Revises: 0033

A new table, and the acknowledgement of tombstones: the sequence up to which each
peer has taken this node's bundles, and the bundle that carried each tombstone (none
for those sent before: counted unacknowledged until sent again).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0034"
down_revision: str | None = "0033"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TABLE = "federation_identity"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("person_id", ID, nullable=False),
        sa.Column("org_id", ID, nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("pseudonym", sa.String(length=20), nullable=True),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.Column("key_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f(f"fk_{TABLE}_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisation.id"],
            name=op.f(f"fk_{TABLE}_org_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "org_id", "purpose", name=op.f(f"pk_{TABLE}")),
    )

    op.add_column(
        "node",
        sa.Column("acknowledged_seq", sa.BigInteger(), server_default="0", nullable=False),
    )
    op.add_column("federation_copy", sa.Column("withdrawn_upto", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("federation_copy") as batch:
        batch.drop_column("withdrawn_upto")
    with op.batch_alter_table("node") as batch:
        batch.drop_column("acknowledged_seq")
    op.drop_table(TABLE)

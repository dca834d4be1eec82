"""A hub passing on the copies it received (issue 18, items 3 and 4): each relayed
copy's hops and a protected person's pseudonym.

Revision ID: 0035
Revises: 0034

A new table, and the peer through which a node is reached (``node.via_node_id``,
``amanat node add --via``).  A copy taken before this revision came straight from its
origin, so it needs no row.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0035"
down_revision: str | None = "0034"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TABLE = "federation_relay"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("record_table", sa.String(length=40), nullable=False),
        sa.Column("record_id", ID, nullable=False),
        sa.Column("hops", sa.String(length=1000), nullable=False),
        sa.Column("pseudonym", sa.String(length=20), nullable=True),
        sa.Column("identities", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("record_table", "record_id", name=op.f(f"pk_{TABLE}")),
    )
    op.add_column("node", sa.Column("via_node_id", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("node") as batch:
        batch.drop_column("via_node_id")
    op.drop_table(TABLE)

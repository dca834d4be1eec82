"""Withdrawal between federation nodes: which of this node's records each peer was
sent, and the tombstones taken from peers.

Revision ID: 0031
Revises: 0030

New tables only.  No copy is recorded for what was sent before: a record sent to a
peer before this revision is withdrawn there only after it is sent again (any change
to it, or an export from sequence 0).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0031"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _node(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["node.id"], name=op.f(f"fk_{table}_{column}_node"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "federation_copy",
        sa.Column("node_id", ID, nullable=False),
        sa.Column("record_table", sa.String(length=40), nullable=False),
        sa.Column("record_id", ID, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        _node("federation_copy", "node_id"),
        sa.PrimaryKeyConstraint(
            "node_id", "record_table", "record_id", name=op.f("pk_federation_copy")
        ),
    )
    op.create_table(
        "federation_tombstone",
        sa.Column("record_table", sa.String(length=40), nullable=False),
        sa.Column("global_id", sa.String(length=36), nullable=False),
        sa.Column("origin_node_id", ID, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=False),
        _node("federation_tombstone", "origin_node_id"),
        sa.PrimaryKeyConstraint("record_table", "global_id", name=op.f("pk_federation_tombstone")),
    )


def downgrade() -> None:
    op.drop_table("federation_tombstone")
    op.drop_table("federation_copy")

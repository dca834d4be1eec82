"""Audit checkpoints carry their signed number in the series, so a deleted one shows.

Revision ID: 0017
Revises: 0016
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # NULL: signed before numbering; those still verify (format v1).  A plain ADD
    # COLUMN and a unique index, not a rebuilt table: SQLite would lose the
    # append-only triggers with the old table.
    op.add_column("audit_checkpoint", sa.Column("number", sa.BigInteger(), nullable=True))
    op.create_index(op.f("ix_audit_checkpoint_number"), "audit_checkpoint", ["number"], unique=True)


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_checkpoint_number"), table_name="audit_checkpoint")
    # ALTER TABLE DROP COLUMN (SQLite 3.35+), not a batch rebuild that would drop the
    # append-only triggers with the old table.
    op.drop_column("audit_checkpoint", "number")

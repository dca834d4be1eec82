"""Requests for information after a discovery hit: the asker's request, the holder's
deadline and decision, and what it released.

Revision ID: 0030
Revises: 0029

A new table only; nothing existing changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0030"
down_revision: str | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TABLE = "information_request"


def _fk(column: str, target: str, cascade: bool) -> sa.ForeignKeyConstraint:
    table = target.split(".")[0]
    return sa.ForeignKeyConstraint(
        [column],
        [target],
        name=op.f(f"fk_{TABLE}_{column}_{table}"),
        ondelete="CASCADE" if cascade else None,
    )


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("holder_org_id", ID, nullable=False),
        sa.Column("asker_org_id", ID, nullable=False),
        sa.Column("asker_user_id", ID, nullable=True),
        sa.Column("shown_holder", sa.String(length=40), nullable=True),
        sa.Column("shown_country", sa.String(length=2), nullable=True),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("legal_basis", sa.String(length=40), nullable=False),
        sa.Column("urgency", sa.String(length=12), nullable=False),
        sa.Column("handling", sa.String(length=40), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("decided_by_user_id", ID, nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("released_sections", sa.Text(), nullable=True),
        sa.Column("released_records", sa.Text(), nullable=True),
        _fk("holder_org_id", "organisation.id", True),
        _fk("asker_org_id", "organisation.id", True),
        _fk("asker_user_id", "user_account.id", False),
        _fk("decided_by_user_id", "user_account.id", False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{TABLE}")),
    )
    for column in ("reference", "holder_org_id", "asker_org_id"):
        op.create_index(op.f(f"ix_{TABLE}_{column}"), TABLE, [column], unique=False)


def downgrade() -> None:
    op.drop_table(TABLE)

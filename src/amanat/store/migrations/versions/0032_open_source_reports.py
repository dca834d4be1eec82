"""Open-source reports: publishers with their reliability, reports (main text sealed)
and the candidates proposed from them.

Revision ID: 0032
Revises: 0031

New tables only; nothing existing changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0032"
down_revision: str | None = "0031"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _fk(
    table: str, column: str, target: str, ondelete: str | None = "CASCADE"
) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def upgrade() -> None:
    op.create_table(
        "report_publisher",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("org_id", ID, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("reliability", sa.String(length=1), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        _fk("report_publisher", "org_id", "organisation"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_publisher")),
        sa.UniqueConstraint("org_id", "name", name="uq_report_publisher_org_name"),
    )
    op.create_table(
        "report",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("org_id", ID, nullable=False),
        sa.Column("source_id", ID, nullable=False),
        sa.Column("publisher_id", ID, nullable=True),
        sa.Column("author", sa.String(length=200), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("reliability", sa.String(length=1), nullable=False),
        sa.Column("text_sealed", sa.LargeBinary(), nullable=False),
        sa.Column("key_version", sa.Integer(), nullable=False),
        sa.Column("added_by", ID, nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        _fk("report", "org_id", "organisation"),
        _fk("report", "source_id", "source"),
        _fk("report", "publisher_id", "report_publisher", "SET NULL"),
        _fk("report", "added_by", "user_account", None),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report")),
        sa.UniqueConstraint("source_id", name=op.f("uq_report_source_id")),
    )
    op.create_index(op.f("ix_report_org_id"), "report", ["org_id"], unique=False)
    op.create_table(
        "report_candidate",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("report_id", ID, nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("stop", sa.Integer(), nullable=False),
        sa.Column("details_sealed", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("credibility", sa.String(length=1), nullable=True),
        sa.Column("record_kind", sa.String(length=40), nullable=True),
        sa.Column("record_id", ID, nullable=True),
        sa.Column("decided_by", ID, nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        _fk("report_candidate", "report_id", "report"),
        _fk("report_candidate", "decided_by", "user_account", None),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_candidate")),
    )
    op.create_index(
        op.f("ix_report_candidate_report_id"), "report_candidate", ["report_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_report_candidate_report_id"), table_name="report_candidate")
    op.drop_table("report_candidate")
    op.drop_index(op.f("ix_report_org_id"), table_name="report")
    op.drop_table("report")
    op.drop_table("report_publisher")

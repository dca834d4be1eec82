"""Alerts may be acknowledged: who saw one and dealt with it, and when.

Revision ID: 0022
Revises: 0021
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "alert_ack",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("rule_id", sa.String(length=80), nullable=False),
        sa.Column("first_seq", sa.BigInteger(), nullable=False),
        sa.Column("acknowledged_by_user_id", ID, nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["acknowledged_by_user_id"],
            ["user_account.id"],
            name=op.f("fk_alert_ack_acknowledged_by_user_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_ack")),
        sa.UniqueConstraint("rule_id", "first_seq", name="uq_alert_ack_rule_seq"),
    )


def downgrade() -> None:
    op.drop_table("alert_ack")

"""The federation's feed: the change sequence, its triggers, and each peer's cursor.

Revision ID: 0028
Revises: 0027

Every write of a record appends a numbered change (``federation_change``) through a
trigger on its table, so the bulk paths that write with Core statements are counted
too (see ``amanat.register.federation_change`` for why the numbers follow commit
order).  Changes are not back-filled for the records already stored: a peer's first
export (``--after 0``) reads every record, each carried by the change that made it,
so they are numbered here once, in id order, per table.  Each node gets the last
sequence sent to it and received from it, and its last error.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from amanat.register.federation_change import drop_statements, trigger_statements

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
# The record tables at this revision, those pointed at first.
RECORD_TABLES = (
    "source",
    "place",
    "person",
    "criminal_group",
    "vehicle",
    "phone",
    "case_file",
    "case_role",
    "pipeline_event",
    "victim",
    "seizure",
    "storage_loss",
    "weapon",
    "relationship",
)


def upgrade() -> None:
    op.create_table(
        "federation_change",
        sa.Column("seq", ID, autoincrement=True, nullable=False),
        sa.Column("record_table", sa.String(length=40), nullable=False),
        sa.Column("record_id", ID, nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_federation_change")),
        sqlite_autoincrement=True,
    )
    for table in RECORD_TABLES:
        op.execute(
            f"INSERT INTO federation_change (record_table, record_id) "
            f"SELECT '{table}', id FROM \"{table}\" ORDER BY id"
        )
    dialect = op.get_bind().dialect.name
    for statement in trigger_statements(dialect, RECORD_TABLES, bulk=False):
        op.execute(statement)
    for column in (
        sa.Column("sent_seq", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("received_seq", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_error_at", sa.DateTime(timezone=True), nullable=True),
    ):
        op.add_column("node", column)


def downgrade() -> None:
    for column in ("last_error_at", "last_error", "received_at", "received_seq", "sent_seq"):
        op.drop_column("node", column)
    for statement in drop_statements(op.get_bind().dialect.name, RECORD_TABLES):
        op.execute(statement)
    op.drop_table("federation_change")

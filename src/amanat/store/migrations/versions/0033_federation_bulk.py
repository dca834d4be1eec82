"""The federation's triggers stay silent for a bulk write that appends its own changes.

Revision ID: 0033
Revises: 0032

PostgreSQL only: every record table's triggers get a WHEN condition on the
transaction-local setting ``amanat.federation_bulk`` (see
``amanat.register.federation_bulk`` for why a setting there and a dropped trigger on
SQLite).  A session that never sets it, psql included, is counted as before.
SQLite's triggers are unchanged.
"""

from collections.abc import Sequence

from alembic import op

from amanat.register.federation_change import drop_statements, trigger_statements

revision: str = "0033"
down_revision: str | None = "0032"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The record tables at this revision (as 0028 made their triggers).
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


def _remake(bulk: bool) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in drop_statements("postgresql", RECORD_TABLES, functions=False):
        op.execute(statement)
    for statement in trigger_statements("postgresql", RECORD_TABLES, bulk=bulk):
        op.execute(statement)


def upgrade() -> None:
    _remake(bulk=True)


def downgrade() -> None:
    _remake(bulk=False)

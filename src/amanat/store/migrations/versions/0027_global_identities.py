"""Global identities: every record gets a UUID and its origin node; the nodes table.

Revision ID: 0027
Revises: 0025

A federation needs a record's identity to be the same on every node, while ids inside
a register stay as they are: each kind of record gets ``global_id`` (a version 4 UUID
as text), filled here for the records already stored, and ``origin_node_id`` (empty:
made on this node).  Organisations get the node they work on (empty: this one).

No table is rebuilt (SQLite would delete the children of a rebuilt parent, its
foreign keys being on): on PostgreSQL the column is added with a volatile default that
fills every row in one pass, then the default is dropped; on SQLite, which adds a NOT
NULL column only with a constant default, the column is added with an empty default
and filled by an UPDATE (the empty default stays, never used: every door gives a
record its UUID, and a second empty one would break the unique index).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
# The tables of the kinds of record, at this revision.
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
    "weapon",
    "storage_loss",
    "relationship",
)
# A version 4 UUID in canonical text form, drawn per row (SQLite has no UUID function):
# random hex with the version nibble 4 and the variant nibble one of 8, 9, a, b.
SQLITE_UUID4 = (
    "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + abs(random()) % 4, 1) || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))"
)


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _add_node_reference(table: str, column: str) -> None:
    name = f"fk_{table}_{column}_node"
    if _sqlite():
        # SQLite adds a foreign key only inline with its column.
        op.execute(
            f'ALTER TABLE "{table}" ADD COLUMN {column} INTEGER '
            f"CONSTRAINT {name} REFERENCES node (id)"
        )
        return
    op.add_column(table, sa.Column(column, ID, nullable=True))
    op.create_foreign_key(name, table, "node", [column], ["id"])


def _add_global_id(table: str) -> None:
    if _sqlite():
        op.execute(f"ALTER TABLE \"{table}\" ADD COLUMN global_id VARCHAR(36) NOT NULL DEFAULT ''")
        op.execute(f'UPDATE "{table}" SET global_id = {SQLITE_UUID4}')
    else:
        op.execute(
            f'ALTER TABLE "{table}" ADD COLUMN global_id VARCHAR(36) NOT NULL '
            "DEFAULT gen_random_uuid()::text"
        )
        op.execute(f'ALTER TABLE "{table}" ALTER COLUMN global_id DROP DEFAULT')
    op.create_index(f"ix_{table}_global_id", table, ["global_id"], unique=True)


def upgrade() -> None:
    op.create_table(
        "node",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("public_key", sa.String(length=44), nullable=False),
        sa.Column("is_local", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_node")),
        sa.UniqueConstraint("name", name=op.f("uq_node_name")),
        sa.UniqueConstraint("public_key", name=op.f("uq_node_public_key")),
    )
    op.create_index(
        "uq_node_is_local",
        "node",
        ["is_local"],
        unique=True,
        sqlite_where=sa.text("is_local"),
        postgresql_where=sa.text("is_local"),
    )
    _add_node_reference("organisation", "node_id")
    for table in RECORD_TABLES:
        _add_global_id(table)
        _add_node_reference(table, "origin_node_id")


def downgrade() -> None:
    for table in RECORD_TABLES:
        if not _sqlite():
            op.drop_constraint(f"fk_{table}_origin_node_id_node", table, type_="foreignkey")
        op.drop_column(table, "origin_node_id")
        op.drop_index(f"ix_{table}_global_id", table_name=table)
        op.drop_column(table, "global_id")
    if not _sqlite():
        op.drop_constraint("fk_organisation_node_id_node", "organisation", type_="foreignkey")
    op.drop_column("organisation", "node_id")
    op.drop_index("uq_node_is_local", table_name="node")
    op.drop_table("node")

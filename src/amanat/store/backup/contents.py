"""What a register holds, as a manifest records it and a restore checks it: rows per
table, the schema revision, and the audit chain's head.

Read in one transaction, so that on PostgreSQL the figures describe the same snapshot
as the dump taken in it.
"""

from __future__ import annotations

from dataclasses import dataclass

from alembic.migration import MigrationContext
from sqlalchemy import Connection, column, func, inspect, select, table

from amanat.access.audit.chain import GENESIS_HASH

_ENTRIES = table("audit_entry", column("seq"), column("entry_hash"))


@dataclass(frozen=True)
class Contents:
    schema_revision: str | None
    tables: dict[str, int]  # rows per table, every table of the register
    audit_head_seq: int  # 0: the trail is empty
    audit_head_hash: str  # GENESIS_HASH when empty

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def read_contents(connection: Connection) -> Contents:
    names = sorted(inspect(connection).get_table_names())
    counts = {
        name: int(connection.scalar(select(func.count()).select_from(table(name))) or 0)
        for name in names
    }
    revision = MigrationContext.configure(connection).get_current_revision()
    head = None
    if "audit_entry" in counts:
        query = select(_ENTRIES.c.seq, _ENTRIES.c.entry_hash).order_by(_ENTRIES.c.seq.desc())
        head = connection.execute(query.limit(1)).first()
    seq, entry_hash = (0, GENESIS_HASH) if head is None else (int(head[0]), str(head[1]))
    return Contents(revision, counts, seq, entry_hash)


def differences(expected: Contents, found: Contents) -> list[str]:
    """What the restored register holds that the manifest does not say, in words."""
    problems: list[str] = []
    if found.schema_revision != expected.schema_revision:
        problems.append(
            f"schema revision {found.schema_revision}, the manifest says {expected.schema_revision}"
        )
    missing = sorted(set(expected.tables) - set(found.tables))
    extra = sorted(set(found.tables) - set(expected.tables))
    if missing:
        problems.append(f"tables missing: {', '.join(missing)}")
    if extra:
        problems.append(f"tables the manifest does not list: {', '.join(extra)}")
    for name in sorted(set(expected.tables) & set(found.tables)):
        if found.tables[name] != expected.tables[name]:
            problems.append(
                f"table {name}: {found.tables[name]:,} rows, the manifest says "
                f"{expected.tables[name]:,}"
            )
    if (found.audit_head_seq, found.audit_head_hash) != (
        expected.audit_head_seq,
        expected.audit_head_hash,
    ):
        problems.append(
            f"the audit chain ends at entry {found.audit_head_seq} "
            f"({found.audit_head_hash[:16]}…), the manifest says entry "
            f"{expected.audit_head_seq} ({expected.audit_head_hash[:16]}…)"
        )
    return problems

"""What the register holds, to tell whether a request changed anything.

The number of rows of every table; every row of the tables that say who may do and
see what (accounts, tokens, groups, shares, requests, keys); and of every record its
version, marking and deletion (a record's version moves with any change to it or its
child rows).  Left out: the trail of what happened (audit entries, their queue and
checkpoints), the server's bookkeeping of sessions and used form tokens, and the
sign-in counters a failed login moves: those change on a refused request by design.
The trail's length is kept apart, to tell whether a change was recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import Engine, Executable, Table, func, literal, select, union_all

from amanat.register import RECORD_KINDS
from amanat.store.schema import metadata

IGNORED_TABLES = frozenset(
    {"audit_entry", "audit_queue", "audit_checkpoint", "web_session", "used_form_token"}
)
IGNORED_COLUMNS = {
    "user_account": frozenset({"last_login_at", "failed_logins", "locked_until", "totp_last_step"}),
    "api_token": frozenset({"last_used_at"}),
}
STATE_TABLES = (
    "organisation",
    "user_account",
    "api_token",
    "sharing_group",
    "sharing_group_member",
    "record_share",
    "share_request",
    "information_request",
    "role_request",
    "break_glass",
    "org_key",
    "protected_identity",
)
RECORD_STATE = (
    "id",
    "version",
    "deleted_at",
    "distribution",
    "sharing_group_id",
    "tlp",
    "handling",
)
# What each query read, its values as text (rows compare alike on both back ends).
Snapshot = dict[str, list[tuple[str, ...]]]


@cache
def _queries() -> dict[str, Executable]:
    """The statements a snapshot runs, by what they read (built once)."""
    tables = {t.name: t for t in metadata().sorted_tables if t.name not in IGNORED_TABLES}
    trail = metadata().tables["audit_entry"]
    queries: dict[str, Executable] = {
        # How long the audit trail is: not compared, but asked whether a change wrote.
        "(trail)": select(func.count()).select_from(trail),
        "(row counts)": union_all(
            *(select(literal(name), func.count()).select_from(t) for name, t in tables.items())
        ),
        "(records)": union_all(
            *(
                select(literal(kind), *(model.__table__.c[c] for c in RECORD_STATE))
                for kind, model in RECORD_KINDS.items()
                if all(c in model.__table__.c for c in RECORD_STATE)
            )
        ),
    }
    for name in STATE_TABLES:
        table = tables[name]
        skip = IGNORED_COLUMNS.get(name, frozenset())
        columns = [c for c in table.columns if c.name not in skip]
        queries[name] = select(*columns).order_by(*table.primary_key.columns)
    return queries


def snapshot(engine: Engine) -> Snapshot:
    taken: Snapshot = {}
    with engine.connect() as connection:
        for name, query in _queries().items():
            rows = [tuple(map(str, row)) for row in connection.execute(query)]
            taken[name] = sorted(rows) if name == "(records)" else rows
    return taken


def changed_tables(before: Snapshot, after: Snapshot, *, records_only: bool = False) -> list[str]:
    """What differs: the tables whose row counts moved, the records whose version,
    marking or deletion moved, the access tables whose rows changed (``records_only``:
    the records and their parts alone, not accounts, tokens, shares or requests)."""
    found = [
        f"{old[0]} ({old[1]} -> {new[1]} rows)"
        for old, new in zip(before["(row counts)"], after["(row counts)"], strict=True)
        if old != new and not (records_only and old[0] in STATE_TABLES)
    ]
    moved = set(after["(records)"]) - set(before["(records)"])
    found += sorted({f"{row[0]} {row[1]} (version, marking or deletion)" for row in moved})
    if not records_only:
        found += [
            f"{name} (rows changed)"
            for name in STATE_TABLES
            if before[name] != after[name] and len(before[name]) == len(after[name])
        ]
    return found


def recorded(before: Snapshot, after: Snapshot) -> bool:
    """Whether the audit trail grew between the two."""
    return after["(trail)"] != before["(trail)"]


@dataclass
class Watch:
    """Snapshots taken only when needed: the one after a checked request stands for
    the one before the next, unless a request in between went unchecked."""

    engine: Engine
    last: Snapshot | None = None

    def before(self) -> Snapshot:
        if self.last is None:
            self.last = snapshot(self.engine)
        return self.last

    def after(self) -> Snapshot:
        self.last = snapshot(self.engine)
        return self.last

    def unchecked(self) -> None:
        self.last = None


def current_version(engine: Engine, kind: str, record_id: int) -> int:
    table = _table(kind)
    with engine.connect() as connection:
        found = connection.scalar(select(table.c.version).where(table.c.id == record_id))
    return int(found) if found is not None else 1


def _table(kind: str) -> Table:
    table = RECORD_KINDS[kind].__table__
    assert isinstance(table, Table)
    return table


def undelete(engine: Engine, planted: dict[tuple[str, str], int]) -> None:
    """Bring back the planted records a permitted delete removed, so the next route
    finds them again."""
    with engine.begin() as connection:
        for (kind, _), record_id in planted.items():
            table = _table("person" if kind == "protected" else kind)
            connection.execute(
                table.update()
                .where(table.c.id == record_id, table.c.deleted_at.is_not(None))
                .values(deleted_at=None, deletion_reason=None)
            )

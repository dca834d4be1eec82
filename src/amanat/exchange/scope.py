"""What an export may contain: the records the user may see, streamed in id order with
their parts, and protected persons stripped to their pseudonym.

Every read goes through ``visible`` (the access layer's SQL rule), so an export holds
exactly what the user could open one by one.  A protected person's names, date of
birth, documents, phones and addresses never leave — even where an older or
generated record still holds them in plaintext — unless ``IdentityRelease`` says
this export may carry that person's identity.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from amanat.access.identity_vault import PERSON_IDENTITY_COLUMNS, Identity, ProtectedIdentity
from amanat.access.visibility import Viewer, visible
from amanat.exchange.identities import IdentityRelease
from amanat.intake.completion import part_models
from amanat.register import Base, Person

# Rows read from the database at a time.  An export's peak memory is one batch: a
# person's row carries its parts (names, documents, phones ...) as JSON, ~2.5 KB a
# row as the driver and the batch's tuples hold it.  At 10,000 a served worker's
# resident memory rose ~25 MiB with each export thread and kept it (glibc and
# Python's allocator hold on to freed memory); at 1,000 it rises ~2.5 MiB, and the
# ten times more round trips cost nothing measurable (BENCHMARKS.md, soak, session 10).
STREAM_ROWS = 1_000


@dataclass
class ExportScope:
    """Who exports, in which language, and whose identities may leave."""

    session: Session
    viewer: Viewer
    lang: str = "en"
    release: IdentityRelease | None = None
    exported: dict[str, int] = field(default_factory=dict)  # rows per kind, for the audit

    def count(self, kind: str, rows: int = 1) -> None:
        self.exported[kind] = self.exported.get(kind, 0) + rows


def stream(session: Session, query: Any) -> Iterator[Any]:
    """Rows of ``query`` (a Core select) fetched in chunks, never all at once.  Run on
    the session's connection: the ORM's result machinery is not needed for plain
    columns, and costs more than the rows themselves."""
    connection = session.connection()
    yield from connection.execute(query.execution_options(yield_per=STREAM_ROWS))


def raw_stream(session: Session, query: Any) -> Iterator[tuple[Any, ...]]:
    """Rows of ``query`` as the database driver gives them (plain tuples; dates as
    ISO text on SQLite, as dates on PostgreSQL), for exports that only format values:
    SQLAlchemy still binds the parameters, but each row costs no result processing.
    Batches are chained in C: a million rows pass through no Python generator."""
    return chain.from_iterable(_batches(session, query))


def _batches(session: Session, query: Any) -> Iterator[Sequence[tuple[Any, ...]]]:
    # SQLite's driver reads lazily anyway, so its cursor is read from the start.  A
    # server-side cursor (PostgreSQL) makes SQLAlchemy fetch the first row ahead, to
    # learn the columns: reading the driver's cursor there would lose that row (it
    # did, issue 14), so the result's own batches are read instead.
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        result = connection.execute(query)
        cursor = result.cursor
        try:
            while rows := cursor.fetchmany(STREAM_ROWS):
                yield rows
        finally:
            result.close()
        return
    streamed = connection.execute(query.execution_options(yield_per=STREAM_ROWS))
    try:
        for batch in streamed.partitions():
            yield [tuple(row) for row in batch]
    finally:
        streamed.close()


def visible_rows(scope: ExportScope, model: Any) -> Iterator[Row[Any]]:
    """Every column of the records of ``model`` the user may see, in id order."""
    query = select(*model.__table__.columns).where(visible(model, scope.viewer)).order_by(model.id)
    return stream(scope.session, query)


def grouped(scope: ExportScope, part: Any, parent: str) -> Iterator[tuple[int, list[Row[Any]]]]:
    """The rows of a part table, grouped by the record they belong to, in that order."""
    columns = list(part.__table__.columns)
    link = part.__table__.columns[parent]
    at = columns.index(link)
    query = select(*columns).order_by(link, part.id)
    current: int | None = None
    rows: list[Row[Any]] = []
    for row in stream(scope.session, query):
        owner = row[at]
        if owner != current:
            if current is not None:
                yield current, rows
            current, rows = owner, []
        rows.append(row)
    if current is not None:
        yield current, rows


class PartsOf:
    """Parts of records read alongside the records, both in id order (a merge join):
    one pass over each table whatever the size of the export."""

    def __init__(self, groups: Iterator[tuple[int, list[Any]]]) -> None:
        self.groups = groups
        self.current: tuple[int, list[Any]] | None = next(groups, None)

    def of(self, record_id: int) -> list[Any]:
        current = self.current
        if current is not None and current[0] == record_id:
            return current[1]  # the common case, first: a million calls
        while current is not None and current[0] < record_id:
            current = self.current = next(self.groups, None)
        if current is not None and current[0] == record_id:
            return current[1]
        return []


@dataclass
class Record:
    """A visible record with its parts (relation → rows or plain dicts)."""

    row: Row[Any]
    parts: dict[str, Sequence[Any]]
    protected: bool = False
    pseudonym: str | None = None
    identity: Identity | None = None

    @property
    def values(self) -> dict[str, Any]:
        return dict(self.row._mapping)


def parts_of(model: type[Base]) -> dict[str, tuple[type[Base], str]]:
    """The parts a record's export carries: not linked records with markings of their
    own (a seizure's weapons), which are filtered by their own visibility."""
    return {r: found for r, found in part_models(model).items() if not hasattr(found[0], "org_id")}


def records(scope: ExportScope, model: type[Base]) -> Iterator[Record]:
    """Visible records of ``model`` with their parts; protected persons' identities
    removed (or, where released, taken from the vault)."""
    parts = {rel: PartsOf(grouped(scope, m, p)) for rel, (m, p) in parts_of(model).items()}
    pseudonyms = _pseudonyms(scope) if model is Person else None
    for row in visible_rows(scope, model):
        record_id = row._mapping["id"]
        record = Record(row, {rel: found.of(record_id) for rel, found in parts.items()})
        if model is Person and row._mapping["is_protected"]:
            assert pseudonyms is not None
            _protect(scope, record, pseudonyms.of(record_id))
        yield record


def _pseudonyms(scope: ExportScope) -> PartsOf:
    query = select(ProtectedIdentity.person_id, ProtectedIdentity.pseudonym).order_by(
        ProtectedIdentity.person_id
    )
    return PartsOf((row[0], [row]) for row in stream(scope.session, query))


def _protect(scope: ExportScope, record: Record, pseudonym: list[Any]) -> None:
    record.protected = True
    record.pseudonym = pseudonym[0][1] if pseudonym else None
    record.parts = {rel: [] for rel in record.parts}
    values = record.values
    for column in PERSON_IDENTITY_COLUMNS:
        values[column] = None
    record.row = _Plain(values)  # type: ignore[assignment]
    if scope.release is not None:
        record.identity = scope.release.identity(values["id"], values["org_id"])


class _Plain:
    """A row-like holder for a protected person's row with identity columns removed."""

    def __init__(self, values: dict[str, Any]) -> None:
        self._mapping = values

    def __getattr__(self, name: str) -> Any:
        try:
            return self._mapping[name]
        except KeyError:
            raise AttributeError(name) from None

"""Bulk loading of trusted generated rows, bypassing the ORM.

The demo region writes millions of rows; going through ORM objects (and the
field checks on every attribute) would take hours.  The rows given here are
trusted: generated with explicit primary keys and already-valid values.

Rows are tuples in the table's column order (``table_columns``), holding values
in storage form: ``int``, ``float``, ``str``, ``bool`` or ``None``; dates as
ISO ``"YYYY-MM-DD"`` text and timestamps as UTC ``"YYYY-MM-DD HH:MM:SS"`` text
(the form SQLAlchemy itself stores in SQLite; PostgreSQL parses it in a UTC
session).

- SQLite: a prepared ``INSERT`` through the DBAPI ``executemany``, one
  transaction per batch, foreign-key checks off while loading.
- PostgreSQL: psycopg 3 ``COPY ... FROM STDIN`` per table and batch; at the end
  every id sequence is moved past ``max(id)`` so later ORM inserts do not collide.

Batches are written in foreign-key order by a background thread, so the caller
can generate the next batch while SQLite or the server works on this one; the
queue between them holds at most two batches, which bounds memory.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from types import TracebackType
from typing import Any

from sqlalchemy import Engine

from amanat.register import Base

Row = tuple[Any, ...]
Batch = Mapping[str, Sequence[Row]]

DEFAULT_CHUNK_ROWS = 50_000
# 256 MiB of SQLite page cache: indexes stay in memory while loading.
SQLITE_LOAD_CACHE_KIB = 262_144


class BulkLoadError(RuntimeError):
    """The background writer failed; the message carries the database's error."""


@cache
def table_order() -> tuple[str, ...]:
    """Table names, parents before children (foreign-key order)."""
    return tuple(t.name for t in Base.metadata.sorted_tables)


@cache
def table_columns(table: str) -> tuple[str, ...]:
    """The column order rows for ``table`` must follow."""
    return tuple(c.name for c in Base.metadata.tables[table].columns)


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)


class _Backend:
    """One database connection that writes batches; used only in the writer thread."""

    def __init__(self, engine: Engine) -> None:
        self.connection = engine.raw_connection()
        self.dbapi: Any = self.connection.driver_connection

    def write(self, table: str, rows: Sequence[Row]) -> None:
        raise NotImplementedError

    def commit(self) -> None:
        self.dbapi.commit()

    def finish(self, tables: Iterable[str]) -> None:
        self.commit()

    def close(self) -> None:
        self.connection.close()


class _SQLite(_Backend):
    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)
        self.dbapi.commit()
        # Both pragmas are no-ops inside a transaction, so set them before the first batch.
        self.dbapi.execute("PRAGMA foreign_keys=OFF")
        self.dbapi.execute(f"PRAGMA cache_size=-{SQLITE_LOAD_CACHE_KIB}")
        self.statements: dict[str, str] = {}

    def write(self, table: str, rows: Sequence[Row]) -> None:
        statement = self.statements.get(table)
        if statement is None:
            columns = table_columns(table)
            marks = ", ".join("?" * len(columns))
            statement = f'INSERT INTO "{table}" ({_quoted(columns)}) VALUES ({marks})'
            self.statements[table] = statement
        self.dbapi.executemany(statement, rows)

    def close(self) -> None:
        try:
            self.dbapi.rollback()
            self.dbapi.execute("PRAGMA foreign_keys=ON")
            self.dbapi.execute("PRAGMA cache_size=-2000")
        finally:
            super().close()


class _PostgreSQL(_Backend):
    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)
        with self.dbapi.cursor() as cursor:
            # Timestamps arrive as UTC text without an offset.
            cursor.execute("SET TIME ZONE 'UTC'")
        self.dbapi.commit()

    def write(self, table: str, rows: Sequence[Row]) -> None:
        sql = f'COPY "{table}" ({_quoted(table_columns(table))}) FROM STDIN'
        with self.dbapi.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)

    def finish(self, tables: Iterable[str]) -> None:
        with self.dbapi.cursor() as cursor:
            for table in tables:
                # Next id = max(id) + 1; an empty table starts again at 1.
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f'COALESCE(MAX(id), 0) + 1, false) FROM "{table}"'
                )
        self.commit()

    def close(self) -> None:
        try:
            self.dbapi.rollback()
            with self.dbapi.cursor() as cursor:
                cursor.execute("RESET TIME ZONE")
            self.dbapi.commit()
        finally:
            super().close()


def _backend(engine: Engine) -> _Backend:
    name = engine.dialect.name
    if name == "sqlite":
        return _SQLite(engine)
    if name == "postgresql":
        return _PostgreSQL(engine)
    raise BulkLoadError(f"bulk loading into {name!r} is not supported")


_DONE = object()


class BulkWriter:
    """Write batches of rows into the register, table by table in foreign-key order.

    Use as a context manager; leaving the block without an error waits for the
    last batch, advances PostgreSQL sequences and closes the connection.  Each
    batch is committed on its own: an error leaves the batches before it written.
    """

    def __init__(self, engine: Engine, *, chunk_rows: int = DEFAULT_CHUNK_ROWS) -> None:
        self.engine = engine
        self.chunk_rows = chunk_rows
        self.counts: dict[str, int] = dict.fromkeys(table_order(), 0)
        self._pending: dict[str, list[Row]] = {}
        self._pending_rows = 0
        self._queue: queue.Queue[object] = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="amanat-bulk", daemon=True)
        self._started = False
        self._closed = False

    # -- the caller's side -------------------------------------------------------------

    def __enter__(self) -> BulkWriter:
        self._thread.start()
        self._started = True
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is None:
            self.close()
        else:
            self._stop()

    def add(self, table: str, rows: Iterable[Row]) -> None:
        """Queue rows for ``table``; they are written once enough rows are pending."""
        pending = self._pending.setdefault(table, [])
        before = len(pending)
        pending.extend(rows)
        self._pending_rows += len(pending) - before
        if self._pending_rows >= self.chunk_rows:
            self.flush()

    def add_batch(self, batch: Batch) -> None:
        for table, rows in batch.items():
            self.add(table, rows)

    def flush(self) -> None:
        """Hand the pending rows to the writer thread (waits while it is busy)."""
        if not self._pending_rows:
            return
        batch, self._pending, self._pending_rows = self._pending, {}, 0
        for table, rows in batch.items():
            if table not in self.counts:
                raise BulkLoadError(f"no table called {table!r}")
            self.counts[table] += len(rows)
        self._put(batch)

    def close(self) -> dict[str, int]:
        """Write what is pending, finish, and return rows written per table."""
        if self._closed:
            return {t: n for t, n in self.counts.items() if n}
        self._closed = True
        self.flush()
        self._put(_DONE)
        self._thread.join()
        self._raise_if_failed()
        return {t: n for t, n in self.counts.items() if n}

    def _put(self, item: object) -> None:
        if not self._started:
            raise BulkLoadError("use BulkWriter as a context manager")
        while True:
            self._raise_if_failed()
            try:
                self._queue.put(item, timeout=0.5)
                return
            except queue.Full:
                continue

    def _stop(self) -> None:
        # After an error in the caller: let the thread drain and close without finishing.
        self._pending.clear()
        if self._thread.is_alive():
            self._error = self._error or BulkLoadError("stopped")
            self._thread.join()

    def _raise_if_failed(self) -> None:
        if self._error is not None:
            raise BulkLoadError(f"bulk load failed: {self._error}") from self._error

    # -- the writer thread ---------------------------------------------------------------

    def _run(self) -> None:
        backend: _Backend | None = None
        try:
            backend = _backend(self.engine)
            while self._error is None:
                try:
                    item = self._queue.get(timeout=0.5)
                except queue.Empty:
                    continue
                if item is _DONE:
                    backend.finish(t for t, n in self.counts.items() if n)
                    return
                assert isinstance(item, dict)
                for table in table_order():
                    rows = item.get(table)
                    if rows:
                        backend.write(table, rows)
                backend.commit()
        except BaseException as exc:  # reported to the caller by _raise_if_failed
            self._error = exc
        finally:
            if backend is not None:
                backend.close()


def write_rows(
    engine: Engine, batch: Batch, *, chunk_rows: int = DEFAULT_CHUNK_ROWS
) -> dict[str, int]:
    """Write one batch of rows (all tables at once) and return the counts per table."""
    with BulkWriter(engine, chunk_rows=chunk_rows) as writer:
        writer.add_batch(batch)
    return {t: n for t, n in writer.counts.items() if n}

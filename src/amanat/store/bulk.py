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
- PostgreSQL: psycopg 3 ``COPY ... FROM STDIN`` per table and batch, foreign-key
  triggers off when the role may (``session_replication_role``); at the end every
  id sequence is moved past ``max(id)`` so later ORM inserts do not collide.
  ``settle`` then analyses and vacuums, so the first queries are planned on
  statistics.

Batches are written in foreign-key order by a background worker, so the caller
can generate the next batch while the database works on this one; at most one
batch waits for the worker, which bounds memory.  The worker is a thread by
default.  PostgreSQL works in its own server process anyway, but SQLite's
executemany needs the interpreter lock for every row, so a writer thread and a
generating caller take turns rather than run together; ``worker="process"``
writes from a separate process instead (spawned: the caller's script needs an
``if __name__ == "__main__"`` guard), which pays for pickling every batch and
for starting an interpreter, and is worth it only for millions of rows.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any, Literal, Protocol

import psycopg
from sqlalchemy import Engine

from amanat.store.schema import metadata

Row = tuple[Any, ...]
Batch = Mapping[str, Sequence[Row]]

DEFAULT_CHUNK_ROWS = 50_000
# 256 MiB of SQLite page cache: indexes stay in memory while loading.
SQLITE_LOAD_CACHE_KIB = 262_144


Worker = Literal["thread", "process"]


class BulkLoadError(RuntimeError):
    """The background writer failed; the message carries the database's error."""


@cache
def table_order() -> tuple[str, ...]:
    """Table names, parents before children (foreign-key order)."""
    return tuple(t.name for t in metadata().sorted_tables)


@cache
def table_columns(table: str) -> tuple[str, ...]:
    """The column order rows for ``table`` must follow."""
    return tuple(c.name for c in metadata().tables[table].columns)


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
        # No sync per commit while loading; ``finish`` checkpoints and syncs once at the end.
        self.dbapi.execute("PRAGMA synchronous=OFF")
        self.statements: dict[str, str] = {}

    def write(self, table: str, rows: Sequence[Row]) -> None:
        statement = self.statements.get(table)
        if statement is None:
            columns = table_columns(table)
            marks = ", ".join("?" * len(columns))
            statement = f'INSERT INTO "{table}" ({_quoted(columns)}) VALUES ({marks})'
            self.statements[table] = statement
        self.dbapi.executemany(statement, rows)

    def finish(self, tables: Iterable[str]) -> None:
        self.commit()
        self.dbapi.execute("PRAGMA synchronous=NORMAL")
        self.dbapi.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        try:
            self.dbapi.rollback()
            self.dbapi.execute("PRAGMA foreign_keys=ON")
            self.dbapi.execute("PRAGMA synchronous=NORMAL")
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
        self.replica = False
        try:
            with self.dbapi.cursor() as cursor:
                # Foreign-key triggers off while loading trusted rows, as on SQLite; only a
                # superuser may, so an ordinary role loads with the checks on.
                cursor.execute("SET session_replication_role = replica")
            self.dbapi.commit()
            self.replica = True
        except psycopg.errors.InsufficientPrivilege:
            self.dbapi.rollback()

    def write(self, table: str, rows: Sequence[Row]) -> None:
        sql = f'COPY "{table}" ({_quoted(table_columns(table))}) FROM STDIN'
        with self.dbapi.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)

    def finish(self, tables: Iterable[str]) -> None:
        with self.dbapi.cursor() as cursor:
            for table in tables:
                if "id" not in table_columns(table):
                    continue  # keyed by another table's id (org_key, protected_identity)
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
                if self.replica:
                    cursor.execute("RESET session_replication_role")
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


def _write_batch(backend: _Backend, batch: Batch) -> None:
    for table in table_order():
        rows = batch.get(table)
        if rows:
            try:
                backend.write(table, rows)
            except Exception as exc:
                raise BulkLoadError(f"table {table!r}: {exc}") from exc
    backend.commit()


class _Worker(Protocol):
    def submit(self, batch: dict[str, list[Row]]) -> None: ...

    def finish(self, tables: list[str]) -> None: ...

    def abort(self) -> None: ...


_DONE = object()


class _ThreadWorker:
    """Writes batches from a thread of this process."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._queue: queue.Queue[object] = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        self._tables: list[str] = []
        self._thread = threading.Thread(target=self._run, name="amanat-bulk", daemon=True)
        self._thread.start()

    def submit(self, batch: dict[str, list[Row]]) -> None:
        self._put(batch)

    def finish(self, tables: list[str]) -> None:
        self._tables = tables
        self._put(_DONE)
        self._thread.join()
        self._raise_if_failed()

    def abort(self) -> None:
        if self._thread.is_alive():
            self._error = self._error or BulkLoadError("stopped")
            self._thread.join()

    def _put(self, item: object) -> None:
        while True:
            self._raise_if_failed()
            try:
                self._queue.put(item, timeout=0.5)
                return
            except queue.Full:
                continue

    def _raise_if_failed(self) -> None:
        if self._error is not None:
            raise BulkLoadError(f"bulk load failed: {self._error}") from self._error

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
                    backend.finish(self._tables)
                    return
                assert isinstance(item, dict)
                _write_batch(backend, item)
        except BaseException as exc:  # reported to the caller by _raise_if_failed
            self._error = exc
        finally:
            if backend is not None:
                backend.close()


def _serve(url: str, channel: Connection) -> None:
    """The writer process: batches in, ("done" | "error", message) out once at the end."""
    from amanat.store.engine import make_engine

    engine = make_engine(url)
    backend: _Backend | None = None
    try:
        backend = _backend(engine)
        while True:
            try:
                item = channel.recv()
            except EOFError:  # the caller gave up
                return
            if isinstance(item, tuple):
                backend.finish(item[1])
                channel.send(("done", ""))
                return
            _write_batch(backend, item)
    except BaseException as exc:
        channel.send(("error", str(exc)))
    finally:
        if backend is not None:
            backend.close()
        engine.dispose()
        channel.close()


class _ProcessWorker:
    """Writes batches from a separate (spawned) process, fed through a pipe.

    The pipe blocks the caller while the process is busy with the previous batch.
    """

    def __init__(self, engine: Engine) -> None:
        url = engine.url
        if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
            raise BulkLoadError("a writer process cannot share an in-memory SQLite database")
        context = multiprocessing.get_context("spawn")
        self._channel, child = context.Pipe()
        self._process = context.Process(
            target=_serve,
            args=(url.render_as_string(hide_password=False), child),
            name="amanat-bulk",
            daemon=True,
        )
        self._process.start()
        child.close()

    def submit(self, batch: dict[str, list[Row]]) -> None:
        self._send(batch)

    def finish(self, tables: list[str]) -> None:
        self._send(("finish", tables))
        try:
            status, message = self._channel.recv()
        except EOFError:
            status, message = "error", "the writer process stopped"
        self._process.join()
        if status != "done":
            raise BulkLoadError(f"bulk load failed: {message}")

    def _send(self, item: object) -> None:
        self._raise_if_failed()
        try:
            self._channel.send(item)
        except OSError:
            self._raise_if_failed()
            raise BulkLoadError("the writer process stopped") from None

    def abort(self) -> None:
        self._channel.close()
        self._process.join(timeout=30)
        if self._process.is_alive():
            self._process.terminate()

    def _raise_if_failed(self) -> None:
        if self._channel.poll():
            _, message = self._channel.recv()
            self._process.join()
            raise BulkLoadError(f"bulk load failed: {message}")


class BulkWriter:
    """Write batches of rows into the register, table by table in foreign-key order.

    Use as a context manager; leaving the block without an error waits for the
    last batch, advances PostgreSQL sequences and closes the connection.  Each
    batch is committed on its own: an error leaves the batches before it written.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        chunk_rows: int = DEFAULT_CHUNK_ROWS,
        worker: Worker = "thread",
    ) -> None:
        self.engine = engine
        self.chunk_rows = chunk_rows
        self.worker_kind = worker
        self.counts: dict[str, int] = dict.fromkeys(table_order(), 0)
        self._pending: dict[str, list[Row]] = {}
        self._pending_rows = 0
        self._worker: _Worker | None = None
        self._closed = False

    def __enter__(self) -> BulkWriter:
        if self.worker_kind == "process":
            self._worker = _ProcessWorker(self.engine)
        else:
            self._worker = _ThreadWorker(self.engine)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is None:
            self.close()
        elif self._worker is not None:
            # After an error in the caller: drop what is pending, finish nothing.
            self._pending.clear()
            self._worker.abort()

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
        """Hand the pending rows to the worker (waits while it is busy)."""
        if not self._pending_rows:
            return
        if self._worker is None:
            raise BulkLoadError("use BulkWriter as a context manager")
        batch, self._pending, self._pending_rows = self._pending, {}, 0
        for table, rows in batch.items():
            if table not in self.counts:
                raise BulkLoadError(f"no table called {table!r}")
            # One row per batch is enough to catch a generator out of step with the schema.
            if rows and len(rows[0]) != len(table_columns(table)):
                raise BulkLoadError(
                    f"rows for {table!r} have {len(rows[0])} values; "
                    f"the table has {len(table_columns(table))} columns"
                )
            self.counts[table] += len(rows)
        self._worker.submit(batch)

    def close(self) -> dict[str, int]:
        """Write what is pending, finish, and return rows written per table."""
        if not self._closed:
            if self._worker is None:
                raise BulkLoadError("use BulkWriter as a context manager")
            self._closed = True
            self.flush()
            self._worker.finish([t for t, n in self.counts.items() if n])
        return {t: n for t, n in self.counts.items() if n}


def write_rows(
    engine: Engine,
    batch: Batch,
    *,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    worker: Worker = "thread",
) -> dict[str, int]:
    """Write one batch of rows (all tables at once) and return the counts per table."""
    with BulkWriter(engine, chunk_rows=chunk_rows, worker=worker) as writer:
        writer.add_batch(batch)
    return {t: n for t, n in writer.counts.items() if n}


def settle(engine: Engine) -> None:
    """After a bulk load into PostgreSQL: statistics and visibility maps at once,
    rather than whenever autovacuum gets round to them.  Without statistics the
    planner guesses (a sequential scan of ``person_name`` for every people search);
    without visibility maps an index-only scan reads the table behind every entry."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")

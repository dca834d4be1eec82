"""Rows written straight through the database driver, inside the import's transaction.

A million imported rows through ORM objects would take the better part of an hour;
prepared statements run with ``executemany`` on the session's own connection keep the
whole import one transaction (so an error anywhere rolls all of it back) at the speed
of the driver.  Values are turned into what the driver takes by the same type
processors SQLAlchemy itself uses, so the rows read back exactly as ORM-written ones.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from functools import cache
from typing import Any

from sqlalchemy import Column, Connection, Dialect, Table

from amanat.register import Base
from amanat.register.federation_bulk import write_with_changes
from amanat.store.engine import take_write_lock

Processor = Callable[[Any], Any]
IN_CHUNK = 500  # ids per IN (...) list: well under every driver's parameter limit
IMPORT_CACHE_KIB = 256 * 1024
# Records written by many-row statements append their federation changes in one
# statement each (``register.federation_bulk``); False leaves it to the per-row
# triggers (the tests compare the two).
BULK_CHANGES = True


def table(name: str) -> Table:
    return Base.metadata.tables[name]


class Statements:
    """Prepared SQL and value processors for one connection's dialect."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.dialect: Dialect = connection.dialect
        self.mark = "?" if self.dialect.paramstyle == "qmark" else "%s"
        self.is_sqlite = self.dialect.name == "sqlite"
        self._next_ids: dict[str, int] = {}
        self.bulk_changes = BULK_CHANGES

    def marks(self, count: int) -> str:
        return ", ".join([self.mark] * count)

    def processors(self, columns: Sequence[Column[Any]]) -> list[tuple[int, Processor]]:
        return _processors(self.dialect, tuple(columns))

    def run_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        if rows:
            self.connection.exec_driver_sql(sql, list(rows))

    def write_records(
        self, sql: str, rows: Sequence[Sequence[object]], name: str, event: str, ids: list[int]
    ) -> None:
        """``run_many`` for rows of the record table ``name`` (ids in the rows' order),
        inserted or updated (``event``): their federation changes appended in bulk."""
        if not rows:
            return
        if not self.bulk_changes:
            self.run_many(sql, rows)
            return
        write_with_changes(self.connection, name, event, ids, lambda: self.run_many(sql, rows))

    def run(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        return list(self.connection.exec_driver_sql(sql, tuple(params)))

    def insert_sql(self, name: str, columns: Sequence[str]) -> str:
        quoted = ", ".join(f'"{c}"' for c in columns)
        return f'INSERT INTO "{name}" ({quoted}) VALUES ({self.marks(len(columns))})'

    def new_ids(self, name: str, count: int) -> list[int]:
        """Ids for ``count`` new rows of ``name``, known before they are written so their
        parts can point at them.  SQLite: the import holds the write lock from its first
        statement (``BEGIN IMMEDIATE``), so no one else takes ids meanwhile."""
        if count == 0:
            return []
        if not self.is_sqlite:
            rows = self.run(
                f"SELECT nextval(pg_get_serial_sequence('\"{name}\"', 'id')) "
                f"FROM generate_series(1, {int(count)})"
            )
            return [int(r[0]) for r in rows]
        first = self._next_ids.get(name)
        if first is None:
            first = int(self.run(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{name}"')[0][0])
        self._next_ids[name] = first + count
        return list(range(first, first + count))

    def ids_by_key(
        self,
        name: str,
        key_column: str,
        keys: Iterable[str],
        where: str = "",
        params: Sequence[object] = (),
    ) -> dict[str, int]:
        """``key → id`` for the rows of ``name`` whose ``key_column`` is one of ``keys``."""
        found: dict[str, int] = {}
        wanted = list(dict.fromkeys(keys))
        for start in range(0, len(wanted), IN_CHUNK):
            chunk = wanted[start : start + IN_CHUNK]
            sql = (
                f'SELECT "{key_column}", id FROM "{name}" WHERE "{key_column}" IN '
                f"({self.marks(len(chunk))}){where}"
            )
            found.update((str(k), int(i)) for k, i in self.run(sql, [*chunk, *params]))
        return found

    def delete_children(self, name: str, parent: str, ids: Sequence[int]) -> None:
        for start in range(0, len(ids), IN_CHUNK):
            chunk = ids[start : start + IN_CHUNK]
            sql = f'DELETE FROM "{name}" WHERE "{parent}" IN ({self.marks(len(chunk))})'
            self.run_unfetched(sql, chunk)

    def run_unfetched(self, sql: str, params: Sequence[object]) -> None:
        self.connection.exec_driver_sql(sql, tuple(params))


@cache
def _processors(dialect: Dialect, columns: tuple[Column[Any], ...]) -> list[tuple[int, Processor]]:
    found: list[tuple[int, Processor]] = []
    for index, column in enumerate(columns):
        processor = column.type.dialect_impl(dialect).bind_processor(dialect)
        if processor is not None:
            found.append((index, processor))
    return found


def processed(row: list[object], processors: list[tuple[int, Processor]]) -> tuple[object, ...]:
    for index, processor in processors:
        value = row[index]
        if value is not None:
            row[index] = processor(value)
    return tuple(row)


def begin_writing(connection: Connection) -> int | None:
    """Take SQLite's write lock now, before ids are counted (a no-op elsewhere), with a
    larger page cache; returns the cache size to restore with ``end_writing``."""
    if connection.dialect.name != "sqlite":
        return None
    driver: Any = connection.connection.driver_connection
    # A large import touches more index pages than SQLite's default 2 MiB cache holds;
    # pages spilled to the WAL mid-transaction are written twice.
    previous = int(driver.execute("PRAGMA cache_size").fetchone()[0])
    driver.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    take_write_lock(connection)
    return previous


def end_writing(connection: Connection, previous: int | None) -> None:
    """The pooled connection goes back with its usual cache, not the import's."""
    if previous is None:
        return
    driver: Any = connection.connection.driver_connection
    with suppress(sqlite3.Error):  # a broken connection: the import's own error matters
        driver.execute(f"PRAGMA cache_size = {int(previous)}")

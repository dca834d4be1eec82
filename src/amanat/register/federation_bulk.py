"""Changes appended in bulk: a statement run over many rows of a record table appends
their changes with one INSERT ... SELECT, and the table's trigger stays silent for it.

The trigger (``federation_change``) costs a program run per row: on SQLite about a
fifth of a large import's time.  Every other writer (the service, the ORM, the demo's
Core statements, a plain ``sqlite3`` shell or ``psql``) must still be counted, so
the trigger is silenced only for this one statement on this one connection:

- SQLite has no session variable a trigger could read, and a WHEN condition on a
  marker table would still run the trigger's program for every row (measured: 60 %
  of its cost).  So the trigger is dropped inside the writer's transaction, the
  statement runs, its changes are appended, and the trigger is created again from
  the text SQLite stored for it, before anything else runs on the connection.
  SQLite has one writer at a time, and the DROP takes the write lock (if the
  transaction did not hold it already) until the commit: no other connection can
  write while the trigger is gone, nor ever reads a schema without it (the drop is
  never committed alone), and a rollback or a crash restores it with the rest of the
  transaction.  Outside a transaction the trigger is left alone.
- PostgreSQL: a DROP TRIGGER would lock the table against every reader until the
  commit.  There the triggers are silent for the table a transaction-local setting
  names (``set_config(BULK_SETTING, table, true)``, migration 0033), which no other
  session sees and which ends with the transaction, or with the savepoint rolled
  back.  The trail's lock that the silent BEFORE trigger would take is taken first,
  before the statement's row locks, as the trigger does.

The changes are the trigger's: one per row written, in the order the rows were given
(a multi-row write runs one statement per row, each numbered in turn).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from amanat.register.federation_change import BULK_SETTING, TABLE, TRAIL_LOCK

Write = Callable[[], None]
EVENTS = ("insert", "update")


def write_with_changes(
    connection: Connection, table: str, event: str, ids: Sequence[int], write: Write
) -> None:
    """Run ``write``, which inserts or updates (``event``) the rows ``ids`` of ``table``
    and nothing else, and append their changes as the table's trigger would."""
    assert event in EVENTS, event
    dialect = connection.dialect.name
    if dialect == "sqlite":
        _sqlite(connection, table, event, ids, write)
    elif dialect == "postgresql":
        _postgresql(connection, table, event, ids, write)
    else:
        write()


def _trigger(table: str, event: str) -> str:
    return f"federation_{event}_{table}"


def _stored_sql(connection: Connection, name: str) -> str | None:
    sql = "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?"
    found = connection.exec_driver_sql(sql, (name,)).scalar()
    return None if found is None else str(found)


def _sqlite(
    connection: Connection, table: str, event: str, ids: Sequence[int], write: Write
) -> None:
    name = _trigger(table, event)
    created = _stored_sql(connection, name)
    driver: Any = connection.connection.driver_connection
    # No trigger: not a record the federation sends (or a register before 0028).
    if created is None or not driver.in_transaction:
        write()
        return
    connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
    try:
        write()
        connection.exec_driver_sql(
            f"INSERT INTO {TABLE} (record_table, record_id) "
            "SELECT ?, value FROM json_each(?) ORDER BY key",
            (table, json.dumps(list(ids))),
        )
    except BaseException:
        # The caller rolls the transaction back, which restores the trigger; until then
        # the connection gets it back too, unless the failure broke the connection.
        with suppress(DBAPIError):
            if _stored_sql(connection, name) is None:
                connection.exec_driver_sql(created)
        raise
    connection.exec_driver_sql(created)


def _postgresql(
    connection: Connection, table: str, event: str, ids: Sequence[int], write: Write
) -> None:
    # Only a trigger made silent-able (its WHEN clause, migration 0033) is silenced.
    silent = connection.exec_driver_sql(
        "SELECT tgqual IS NOT NULL FROM pg_trigger WHERE tgname = %s AND tgrelid = to_regclass(%s)",
        (_trigger(table, event), f'"{table}"'),
    ).scalar()
    if not silent:
        write()
        return
    connection.exec_driver_sql(
        "SELECT pg_advisory_xact_lock(%s), set_config(%s, %s, true)",
        (TRAIL_LOCK, BULK_SETTING, table),
    )
    # A failure aborts the transaction: nothing more is written in it, and its rollback
    # (or the savepoint's) ends the setting.
    write()
    connection.exec_driver_sql(
        f"INSERT INTO {TABLE} (record_table, record_id) "
        "SELECT %s, id FROM unnest(%s::bigint[]) WITH ORDINALITY AS given(id, n) ORDER BY n",
        (table, list(ids)),
    )
    connection.exec_driver_sql("SELECT set_config(%s, '', true)", (BULK_SETTING,))

"""``take_write_lock``: on SQLite a transaction that reads before it writes holds the
write lock from its start, so a second writer waits for it rather than failing at once
with "database is locked"; elsewhere nothing happens."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from amanat.store.engine import make_engine, take_write_lock


def _other_writer(path: Path, timeout: float) -> sqlite3.Connection:
    other = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def _with_table(path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
    return engine


def test_a_read_then_write_transaction_holds_the_lock_from_its_start(tmp_path: Path) -> None:
    path = tmp_path / "locks.sqlite"
    engine = _with_table(path)
    with engine.connect() as connection:
        take_write_lock(connection)
        connection.execute(text("SELECT count(*) FROM t")).scalar_one()
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            _other_writer(path, timeout=0)
        connection.execute(text("INSERT INTO t VALUES (1)"))
        connection.commit()
    # Released at commit: the next writer gets it.
    _other_writer(path, timeout=0).execute("COMMIT")
    engine.dispose()


def test_deferred_the_lock_is_not_held_while_reading(tmp_path: Path) -> None:
    # What the lock is for: without it, another process may write between our read and
    # our write, and our write then fails at once (the snapshot is stale).
    path = tmp_path / "deferred.sqlite"
    engine = _with_table(path)
    with engine.connect() as connection:
        connection.execute(text("SELECT count(*) FROM t")).scalar_one()
        _other_writer(path, timeout=0).execute("COMMIT")
        connection.rollback()
    engine.dispose()


def test_nothing_is_done_on_postgresql(postgres_engine_migrated: Engine) -> None:
    with postgres_engine_migrated.connect() as connection:
        take_write_lock(connection)
        assert connection.execute(text("SELECT 1")).scalar_one() == 1

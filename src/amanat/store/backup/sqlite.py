"""SQLite: a backup through SQLite's online backup API, a restore through a temporary
file renamed into place once verified.

The online backup copies every page while holding a read lock, so the copy is the
database as one moment saw it, even while the service writes.  The copy is switched
out of WAL mode, so that the backup is one self-contained file.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine
from sqlalchemy.pool import NullPool

from amanat.store.backup.manifest import BackupRefused

# SQLite's companions of a database file: a leftover one would be read with it.
_COMPANIONS = ("-wal", "-shm", "-journal")


def copy_database(source: Path, copy: Path) -> None:
    """A consistent copy of the database file ``source`` at ``copy``."""
    if not source.is_file():
        raise BackupRefused(f"the database file {source} does not exist")
    with closing(sqlite3.connect(source)) as live, closing(sqlite3.connect(copy)) as target:
        live.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")


def plain_engine(path: Path) -> Engine:
    """An engine on a copy that leaves its journal mode alone (the service's engine
    would switch it to WAL and leave companion files beside it)."""
    return create_engine(f"sqlite:///{path}", poolclass=NullPool)


def refuse_unless_empty(target: Path) -> None:
    """A restore goes into a file that does not exist, is empty, or holds no table."""
    for suffix in _COMPANIONS:
        companion = target.with_name(target.name + suffix)
        if companion.exists() and companion.stat().st_size > 0:
            raise BackupRefused(f"the database {target} is not empty: {companion} exists beside it")
    if not target.exists() or target.stat().st_size == 0:
        return
    try:
        with closing(sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True)) as db:
            tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master LIMIT 3")]
    except sqlite3.DatabaseError:
        raise BackupRefused(f"{target} is not an empty database (nor a SQLite file)") from None
    if tables:
        raise BackupRefused(
            f"the database {target} is not empty (it holds {', '.join(tables)}…): "
            "a backup is restored only into an empty database"
        )


@contextmanager
def restoring(data: Path, target: Path) -> Iterator[Path]:
    """A copy of the backup's ``data`` beside ``target``, for the caller to verify;
    renamed to ``target`` when the block ends without error, deleted otherwise."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.restoring-{os.getpid()}")
    try:
        shutil.copyfile(data, temporary)
        os.chmod(temporary, 0o600)  # it holds the register: its owner's alone
        yield temporary
        os.replace(temporary, target)
    finally:
        for path in (temporary, *(temporary.with_name(temporary.name + s) for s in _COMPANIONS)):
            path.unlink(missing_ok=True)


def with_engine(path: Path, use: Callable[[Engine], None]) -> None:
    engine = plain_engine(path)
    try:
        use(engine)
    finally:
        engine.dispose()

"""Engines and sessions for the embedded SQLite default and for PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from amanat.store.unreachable import watch

POOL_RECYCLE_SECONDS = 1800


def normalise_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs and use psycopg 3, the driver we ship."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    database = make_url(url).database
    if not is_sqlite(url) or not database or database == ":memory:":
        return None
    return Path(database)


def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # SQLite ignores foreign keys unless asked; WAL lets readers work during writes.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def take_write_lock(connection: Connection) -> None:
    """On SQLite, take the write lock now (``BEGIN IMMEDIATE``), waiting for it as long
    as the busy timeout allows; a no-op elsewhere.

    For a transaction that reads before it writes while another process writes too (two
    ``federation pull`` processes into one hub, an import beside a served app):
    begun deferred, its first write finds its snapshot stale and fails at once with
    "database is locked", without waiting.  Taken before the first write, the lock is
    waited for instead.
    """
    if connection.dialect.name != "sqlite":
        return
    driver: Any = connection.connection.driver_connection
    if not driver.in_transaction:
        driver.execute("BEGIN IMMEDIATE")


def make_engine(url: str, *, echo: bool = False, statement_timeout_ms: int = 0) -> Engine:
    """An engine on the database ``url`` names, given by the caller (the settings'
    ``database_url``), never looked up here.  ``statement_timeout_ms``: on PostgreSQL,
    the longest a statement may run on its connections (0: no limit), set when each
    connection opens, so it costs no round trip per transaction."""
    url = normalise_url(url)
    connect_args: dict[str, str] = {}
    if statement_timeout_ms and not is_sqlite(url):
        connect_args["options"] = f"-c statement_timeout={statement_timeout_ms}"
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    # No pre-ping: it costs a round trip on every checkout (every request).  A
    # connection the server dropped fails once, and SQLAlchemy then discards the
    # pool's connections; recycling keeps them younger than server or firewall
    # idle limits.
    engine = create_engine(
        url,
        echo=echo,
        pool_recycle=-1 if is_sqlite(url) else POOL_RECYCLE_SECONDS,
        connect_args=connect_args,
    )
    if is_sqlite(url):
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        watch(engine)
    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: committed whole, or rolled back whole on any error."""
    with session_factory(engine)() as session, session.begin():
        yield session

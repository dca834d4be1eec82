"""Shared fixtures.

How to pick a database fixture:
- ``engine``: an empty, migrated register, once on SQLite and once on a real
  PostgreSQL server (started here with initdb/pg_ctl, or given by
  ``AMANAT_TEST_POSTGRES_URL``).  If PostgreSQL cannot be started the tests fail;
  they never skip.
- ``sqlite_engine``: the same on SQLite only, for tests about SQLite itself.
- ``demo_engine``: a small demo region (seed 7) on SQLite, built once per session;
  read-only — tests must not write to it.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from tests.run_logs import leaks

from amanat.resolve.model_store import forget_recent
from amanat.service.logs import JsonLines
from amanat.store.engine import make_engine
from amanat.store.migrate import upgrade
from amanat.store.postgres import temporary_postgres
from amanat.store.schema import metadata

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session", autouse=True)
def run_logs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The logs of the whole run, searched at its end for what they must never carry
    (``tests/run_logs.py``): what Amanat logs in this process, at DEBUG, through the
    service's formatter, and every ``*.log`` the servers the tests start write."""
    base = tmp_path_factory.getbasetemp()
    handler = logging.FileHandler(base / "in-process.log", encoding="utf-8")
    handler.setFormatter(JsonLines())
    amanat_logger = logging.getLogger("amanat")
    level = amanat_logger.level
    amanat_logger.addHandler(handler)
    amanat_logger.setLevel(logging.DEBUG)
    yield
    amanat_logger.removeHandler(handler)
    amanat_logger.setLevel(level)
    handler.close()
    found = leaks(sorted(base.rglob("*.log")))
    if found:
        pytest.fail("the run's logs carry what they must not:\n" + "\n".join(found[:50]))


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    given = os.environ.get("AMANAT_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    try:
        with temporary_postgres() as url:
            yield url
    except Exception as exc:  # a missing server is a failure, not a skip
        pytest.fail(f"PostgreSQL could not be started: {exc}", pytrace=False)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "register.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.exec_driver_sql("PRAGMA journal_mode=DELETE")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_engine_migrated(postgres_url: str) -> Iterator[Engine]:
    engine = make_engine(postgres_url)
    upgrade(engine)
    yield engine
    engine.dispose()


# Emptying only the tables a test wrote to: a TRUNCATE of every table costs about half
# a second (each gets new files), a probe of which have rows a few milliseconds.
USED_TABLES = " UNION ALL ".join(
    f"SELECT '{t.name}' FROM (SELECT 1 FROM \"{t.name}\" LIMIT 1) AS used"
    for t in metadata().sorted_tables
)
# Every sequence back to its start, as RESTART IDENTITY did, whether or not its table
# kept a row (a rolled-back insert moves a sequence too).
RESTART_SEQUENCES = (
    "SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, start_value, false) "
    "FROM pg_sequences WHERE schemaname = current_schema()"
)


def _truncate_all(engine: Engine) -> None:
    with engine.begin() as connection:
        used = [f'"{name}"' for name in connection.execute(text(USED_TABLES)).scalars()]
        if used:
            connection.execute(text(f"TRUNCATE {', '.join(used)} CASCADE"))
        connection.execute(text(RESTART_SEQUENCES))
    # What a running service remembers of a database (for seconds to minutes) is of
    # the one just emptied: one process runs every test against the same URL.
    forget_recent()


@pytest.fixture
def sqlite_engine(sqlite_template: Path, tmp_path: Path) -> Iterator[Engine]:
    path = tmp_path / "register.sqlite"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_engine")
        return
    pg: Engine = request.getfixturevalue("postgres_engine_migrated")
    _truncate_all(pg)
    yield pg
    _truncate_all(pg)

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


def _truncate_all(engine: Engine) -> None:
    names = ", ".join(f'"{t.name}"' for t in metadata().sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
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

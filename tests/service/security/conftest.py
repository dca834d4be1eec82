"""The security suite's fixtures: one world per back end per test module.

``world``: the organisations, users, credentials and planted records of
``tests.service.security.world``, over an app and a test client, built once per
module on SQLite and once on PostgreSQL (emptied before and after, as the ``engine``
fixture does), because building it costs more than most of the requests made on it.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from tests.conftest import BACKENDS, _truncate_all
from tests.service.security.world import World, build

from amanat.store.engine import make_engine

# The matrix commits thousands of transactions: on a folder held in memory SQLite's
# writes to disk cost nothing, and the suite takes half the time.
IN_MEMORY = Path("/dev/shm")


def _folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if IN_MEMORY.is_dir():
        try:
            return Path(tempfile.mkdtemp(prefix="amanat-security-", dir=IN_MEMORY))
        except OSError:
            pass
    return tmp_path_factory.mktemp("security")


@pytest.fixture(scope="module", params=BACKENDS)
def world(
    request: pytest.FixtureRequest, sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    folder = _folder(tmp_path_factory)
    engine: Engine
    if request.param == "sqlite":
        shutil.copyfile(sqlite_template, folder / "register.sqlite")
        engine = make_engine(f"sqlite:///{folder / 'register.sqlite'}")
    else:
        engine = request.getfixturevalue("postgres_engine_migrated")
        _truncate_all(engine)
    built = build(engine, folder / "uploads")
    yield built
    built.client.__exit__(None, None, None)
    if request.param == "sqlite":
        engine.dispose()
    else:
        _truncate_all(engine)
    shutil.rmtree(folder, ignore_errors=True)

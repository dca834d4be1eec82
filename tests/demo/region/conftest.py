"""Fixtures for the demo region.

How to pick one:
- ``tiny_region``: the ``tiny`` region (seed 11) built once per module on each back end
  (SQLite and a real PostgreSQL); read-only.  Gives the engine, the counts the build
  returned and the ground-truth file.  Use it for facts any region must show.
- ``build_sqlite``: a function building a region into a fresh SQLite file; use it when
  a test needs several builds (determinism) or a particular size or seed.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from amanat.demo.region import build_region
from amanat.store.engine import make_engine
from amanat.store.schema import metadata

SEED = 11


@dataclass(frozen=True)
class Built:
    engine: Engine
    counts: dict[str, int]
    truth: Path
    backend: str


def _truncate(engine: Engine) -> None:
    names = ", ".join(f'"{t.name}"' for t in metadata().sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def tiny_region(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Built]:
    folder = tmp_path_factory.mktemp(f"tiny-{request.param}")
    truth = folder / "ground-truth.csv"
    if request.param == "sqlite":
        path = folder / "register.sqlite"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        engine = make_engine(f"sqlite:///{path}")
        counts = build_region(engine, "tiny", SEED, truth)
        yield Built(engine, counts, truth, "sqlite")
        engine.dispose()
        return
    pg: Engine = request.getfixturevalue("postgres_engine_migrated")
    _truncate(pg)
    counts = build_region(pg, "tiny", SEED, truth)
    yield Built(pg, counts, truth, "postgresql")
    _truncate(pg)


BuildSqlite = Callable[[str, int, str], Built]


@pytest.fixture
def build_sqlite(sqlite_template: Path, tmp_path: Path) -> Iterator[BuildSqlite]:
    engines: list[Engine] = []

    def build(size: str, seed: int, name: str) -> Built:
        path = tmp_path / f"{name}.sqlite"
        shutil.copyfile(sqlite_template, path)
        engine = make_engine(f"sqlite:///{path}")
        engines.append(engine)
        truth = tmp_path / f"{name}-truth.csv"
        return Built(engine, build_region(engine, size, seed, truth), truth, "sqlite")

    yield build
    for engine in engines:
        engine.dispose()

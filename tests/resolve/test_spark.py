"""`--engine spark`: the same linkage on a local Apache Spark, the same answer as DuckDB."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from tests.resolve.conftest import build_tiny

from amanat.resolve.backends import duckdb_backend, spark_backend
from amanat.resolve.default_model import default_settings
from amanat.resolve.features import feature_table
from amanat.resolve.linkage import link
from amanat.resolve.records import PersonRecord, read_people
from amanat.store.engine import session_factory

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from pyspark.sql import SparkSession

    # Spark's Python workers must import amanat: they run this interpreter.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    folder = tmp_path_factory.mktemp("spark")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("amanat-test")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.local.dir", str(folder))
        .getOrCreate()
    )
    yield session
    session.stop()


def pairs(table: object) -> dict[tuple[int, int], float]:
    rows = table.to_pylist()  # type: ignore[attr-defined]
    return {(r["left_id"], r["right_id"]): round(r["probability"], 6) for r in rows}


def test_spark_links_the_tiny_register_as_duckdb_does(
    sqlite_engine: Engine, spark: object, tmp_path: Path
) -> None:
    build_tiny(sqlite_engine)
    with session_factory(sqlite_engine)() as session:
        features = feature_table(list(read_people(session)))
    on_duckdb = link(duckdb_backend(), features, None, 0.01)
    on_spark = link(spark_backend(spark, tmp_path), features, on_duckdb.model, 0.01)
    assert pairs(on_spark.pairs) == pairs(on_duckdb.pairs)
    assert len(on_spark.pairs) > 0


def test_spark_weighs_cases_towns_agencies_and_initials_as_duckdb_does(
    spark: object, tmp_path: Path
) -> None:
    case, town = ((101, 3),), (7,)
    records = [
        PersonRecord(1, "Бобоев Хуршед Фирдавсович", "male", org_id=10, cases=case, places=town),
        PersonRecord(2, "Khurshed Boboyev", "male", 1971, 11, 3, org_id=20, cases=case),
        PersonRecord(3, "Khurshed Boboyev", "male", 1990, 2, 1, org_id=10, cases=case),
        PersonRecord(4, "Хўжаев А.", "male", 1977, 5, 22, org_id=10, places=town),
        PersonRecord(5, "Xojayev Aziz", "male", 1977, 5, 22, org_id=20, places=(8,)),
    ]
    features = feature_table(records)
    on_duckdb = link(duckdb_backend(), features, default_settings(), 0.0)
    on_spark = link(spark_backend(spark, tmp_path), features, default_settings(), 0.0)
    assert pairs(on_spark.pairs) == pairs(on_duckdb.pairs)
    assert {(1, 2), (1, 3), (2, 3), (4, 5)} <= set(pairs(on_duckdb.pairs))

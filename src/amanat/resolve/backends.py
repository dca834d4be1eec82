"""Where linkage runs: DuckDB in this process (the default), or Apache Spark.

Both get the feature table and the name layer's SQL function; Splink writes the same
SQL for either.  DuckDB needs nothing but this process and is what one machine should
use; Spark is for registers beyond one machine (``--engine spark``).
"""

from __future__ import annotations

import itertools
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from splink import DuckDBAPI
from splink.internals.database_api import DatabaseAPI
from splink.internals.splink_dataframe import SplinkDataFrame

from amanat.resolve.name_udf import register_duckdb, register_spark

EngineName = Literal["duckdb", "spark"]
# Table names numbered across backends: a given Spark session outlives one backend, and
# its views would clash with the next one's.
_TABLES = itertools.count(1)
ENGINES: tuple[EngineName, ...] = ("duckdb", "spark")


@dataclass
class LinkageBackend:
    """A database API for Splink with the name layer registered, and its scratch space."""

    name: EngineName
    api: DatabaseAPI[Any]
    scratch: Path
    spark: Any = None
    owns_scratch: bool = False  # made for this backend, so removed with it

    def register(self, features: pa.Table, label: str) -> SplinkDataFrame:
        """Hand a feature table to the engine under a fresh name."""
        name = f"amanat_{label}_{next(_TABLES)}"
        if self.spark is None:
            # A DuckDB table, not a view of the Arrow data: the planner knows its size, and
            # does not compare every record with every other before joining the (few)
            # blocked pairs, as it does over an Arrow scan of unknown size.
            connection: duckdb.DuckDBPyConnection = self.api.duckdb_con
            connection.register(f"{name}_arrow", features)
            connection.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_arrow")
            connection.unregister(f"{name}_arrow")
            return self.api.register(name, table_name=f"{name}_frame")
        path = self.scratch / f"{name}.parquet"
        pq.write_table(features, path)  # Spark reads files; the executors may be elsewhere
        frame = self.spark.read.parquet(str(path))
        return self.api.register(frame, table_name=name)

    def create_table(self, label: str, sql: str) -> SplinkDataFrame:
        """Materialise a query as a new table of the engine."""
        name = f"amanat_{label}_{next(_TABLES)}"
        if self.spark is None:
            connection: duckdb.DuckDBPyConnection = self.api.duckdb_con
            connection.execute(f"CREATE TABLE {name} AS {sql}")
        else:
            self.spark.sql(sql).createOrReplaceTempView(name)
        return self.api.register(name, table_name=f"{name}_frame")

    def close(self) -> None:
        """Let go of the engine's connection and the scratch space (a given Spark session
        is left running: its owner stops it)."""
        if self.spark is None:
            connection: duckdb.DuckDBPyConnection = self.api.duckdb_con
            connection.close()
        if self.owns_scratch:
            shutil.rmtree(self.scratch, ignore_errors=True)

    def query(self, sql: str) -> pa.Table:
        """Run SQL on the engine and return the result as an Arrow table."""
        if self.spark is None:
            connection: duckdb.DuckDBPyConnection = self.api.duckdb_con
            return connection.sql(sql).to_arrow_table()
        return pa.Table.from_pandas(self.spark.sql(sql).toPandas(), preserve_index=False)


def duckdb_backend(scratch: Path | None = None, threads: int | None = None) -> LinkageBackend:
    """DuckDB in memory, spilling to ``scratch`` when the pairs outgrow memory."""
    folder = scratch or Path(tempfile.mkdtemp(prefix="amanat-linkage-"))
    connection = duckdb.connect(":memory:")
    connection.execute(f"SET temp_directory = '{folder}'")
    connection.execute("SET preserve_insertion_order = false")
    connection.execute(f"SET threads = {threads or os.cpu_count() or 1}")
    register_duckdb(connection)
    return LinkageBackend("duckdb", DuckDBAPI(connection), folder, owns_scratch=scratch is None)


def spark_backend(spark: Any = None, scratch: Path | None = None) -> LinkageBackend:
    """Spark: a given session, or a local one using every core of this machine."""
    from pyspark.sql import SparkSession
    from splink import SparkAPI

    folder = scratch or Path(tempfile.mkdtemp(prefix="amanat-linkage-"))
    # Python workers must import amanat (the name layer): they run this interpreter.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = spark or (
        SparkSession.builder.master("local[*]")
        .appName("amanat-resolve")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.ui.enabled", "false")
        .config("spark.local.dir", str(folder))
        .getOrCreate()
    )
    # Splink checkpoints intermediate tables to cut Spark's query plans short.
    session.sparkContext.setCheckpointDir(str(folder / "checkpoints"))
    register_spark(session)
    # The name layer is our UDF; Splink's Scala similarity jar is not needed.
    api = SparkAPI(spark_session=session, register_udfs_automatically=False)  # type: ignore[no-untyped-call]
    return LinkageBackend("spark", api, folder, spark=session, owns_scratch=scratch is None)


def open_backend(name: EngineName, scratch: Path | None = None) -> LinkageBackend:
    if name == "spark":
        return spark_backend(scratch=scratch)
    return duckdb_backend(scratch)

"""The name layer as a SQL function, for the linkage engines.

``amanat_name_score(a, b)`` is ``compare_names(a, b).score``: the same score an analyst
sees with its reasons.  DuckDB gets it as a vectorised (Arrow) Python function, Spark as
an Arrow-batched Python UDF; both call the one cached Python function, so the engines
cannot disagree.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import duckdb
import pyarrow as pa
from duckdb.func import FunctionNullHandling, PythonUDFType

from amanat.names import compare_names

NAME_SCORE_FUNCTION = "amanat_name_score"
# Scores computed ahead by other processes (``prescore``), looked up before computing.
_known: dict[tuple[str, str], float] = {}


def remember(pairs: list[tuple[str, str]], scores: list[float]) -> None:
    """Keep scores computed elsewhere; the next linkage looks them up."""
    _known.clear()
    _known.update(zip(pairs, scores, strict=True))


@lru_cache(maxsize=262144)
def name_score(a: str, b: str) -> float:
    """The name layer's score for two names as written; cached because one pair is
    asked about by several levels of one comparison."""
    return compare_names(a, b).score


def _scores(left: pa.Array, right: pa.Array) -> pa.Array:
    scores = [_lookup(a, b) for a, b in zip(left.to_pylist(), right.to_pylist(), strict=True)]
    return pa.array(scores, type=pa.float64())


def _lookup(a: str | None, b: str | None) -> float | None:
    if a is None or b is None:
        return None
    known = _known.get((a, b))
    return name_score(a, b) if known is None else known


def register_duckdb(connection: duckdb.DuckDBPyConnection) -> None:
    """Make ``amanat_name_score`` callable in SQL on this connection."""
    connection.create_function(
        NAME_SCORE_FUNCTION,
        _scores,
        ["varchar", "varchar"],
        "double",
        type=PythonUDFType.ARROW,
        null_handling=FunctionNullHandling.SPECIAL,
        side_effects=False,
    )


def _score_or_none(a: str | None, b: str | None) -> float | None:
    return None if a is None or b is None else name_score(a, b)


def register_spark(spark: Any) -> None:
    """Make ``amanat_name_score`` callable in Spark SQL (an Arrow-batched Python UDF)."""
    from pyspark.sql.functions import udf

    spark.udf.register(NAME_SCORE_FUNCTION, udf(_score_or_none, "double", useArrow=True))

"""The name layer on every core, before Splink asks for it.

DuckDB calls a Python function from one thread at a time, and the name layer is pure
Python: on a million records it would keep one core busy for minutes while the others
wait.  So, before scoring, the pairs that will reach the name layer are found in SQL (the
blocked pairs whose keys differ and that pass the same test as the comparison level),
their distinct names are scored by a pool of processes, and the answers are handed to
``name_udf``, whose SQL function then only looks them up.  Anything missed is simply
computed when asked: this is a cache, not a second scoring.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from splink import Linker
from splink.internals.splink_dataframe import SplinkDataFrame

from amanat.resolve import name_udf
from amanat.resolve.backends import LinkageBackend
from amanat.resolve.features import FEATURE_SCHEMA
from amanat.resolve.settings import WORTH_THE_NAME_LAYER

PARALLEL_FROM = 50_000  # pairs; fewer are scored faster than processes start
CHUNK = 20_000


def _pairs_sql(blocked: SplinkDataFrame, people: SplinkDataFrame) -> str:
    columns = [c for c in FEATURE_SCHEMA.names if c != "unique_id"]
    sides = ", ".join(f"{s}.{c} AS {c}_{s}" for c in columns for s in ("l", "r"))
    return (
        f"SELECT DISTINCT full_name_l, full_name_r FROM (SELECT {sides} "
        f"FROM {blocked.physical_name} AS p "
        f"JOIN {people.physical_name} AS l ON l.unique_id = p.join_key_l "
        f"JOIN {people.physical_name} AS r ON r.unique_id = p.join_key_r) "
        "WHERE name_key_l IS NOT NULL AND name_key_r IS NOT NULL "
        "AND name_key_l <> name_key_r AND coalesce(core_key_l <> core_key_r, true) "
        f"AND {WORTH_THE_NAME_LAYER}"
    )


def _score(pairs: list[tuple[str, str]]) -> list[float]:
    return [name_udf.name_score(a, b) for a, b in pairs]


def prescore(
    backend: LinkageBackend, linker: Linker, people: SplinkDataFrame, workers: int | None = None
) -> int:
    """Score in parallel the names ``linker.inference.predict()`` will ask about; returns
    how many pairs were scored (0 when too few to be worth the processes)."""
    workers = workers or os.cpu_count() or 1
    if backend.name != "duckdb" or workers < 2:
        return 0
    blocked = linker.inference.compute_blocked_pairs_for_predict()  # kept for predict()
    table = backend.query(_pairs_sql(blocked, people))
    pairs = list(
        zip(table["full_name_l"].to_pylist(), table["full_name_r"].to_pylist(), strict=True)
    )
    if len(pairs) < PARALLEL_FROM:
        return 0
    chunks = [pairs[i : i + CHUNK] for i in range(0, len(pairs), CHUNK)]
    # spawn, not fork: this process runs DuckDB's threads
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        scores = [s for chunk in pool.map(_score, chunks) for s in chunk]
    name_udf.remember(pairs, scores)
    return len(pairs)

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
from amanat.resolve.settings import WORTH_THE_NAME_LAYER

PARALLEL_FROM = 50_000  # pairs; fewer are scored faster than processes start
CHUNK = 20_000


# What the test below reads of each side (``WORTH_THE_NAME_LAYER`` and the key checks).
_COLUMNS = (
    "full_name",
    "name_key",
    "core_key",
    "name_bases",
    "tail_key",
    "birth_year",
    "birth_day",
    "birth_date",
    "single_key",
)


def _sides_sql(blocked: SplinkDataFrame, people: SplinkDataFrame) -> str:
    sides = ", ".join(f"{s}.{c} AS {c}_{s}" for c in _COLUMNS for s in ("l", "r"))
    return (
        f"SELECT {sides} FROM {blocked.physical_name} AS p "
        f"JOIN {people.physical_name} AS l ON l.unique_id = p.join_key_l "
        f"JOIN {people.physical_name} AS r ON r.unique_id = p.join_key_r "
        "WHERE l.name_key IS NOT NULL AND r.name_key IS NOT NULL"
    )


def _pairs_sql(sides: SplinkDataFrame) -> str:
    return (
        f"SELECT DISTINCT full_name_l, full_name_r FROM {sides.physical_name} "
        "WHERE name_key_l <> name_key_r AND coalesce(core_key_l <> core_key_r, true) "
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
    # The pairs' two sides are a table of their own before the test is applied: given the
    # join and the test in one query, DuckDB may compare every record with every other
    # before joining the blocked pairs (a test on both sides looks selective enough to make
    # that cross product seem cheap), which on a million records never ends.
    sides = backend.create_table("sides", _sides_sql(blocked, people))
    table = backend.query(_pairs_sql(sides))
    sides.drop_table_from_database_and_remove_from_cache(force_non_splink_table=True)
    pairs = list(
        zip(table["full_name_l"].to_pylist(), table["full_name_r"].to_pylist(), strict=True)
    )
    if len(pairs) < PARALLEL_FROM:
        return 0
    # in order, so that a worker's chunk meets the same names again and again (its caches
    # of name parts and part agreements hold a few hundred thousand entries, not a million)
    pairs.sort()
    chunks = [pairs[i : i + CHUNK] for i in range(0, len(pairs), CHUNK)]
    # spawn, not fork: this process runs DuckDB's threads
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        scores = [s for chunk in pool.map(_score, chunks) for s in chunk]
    name_udf.remember(pairs, scores)
    return len(pairs)

"""A stored model's probability for a few pairs, in one DuckDB statement.

A search scores one query against at most a few dozen candidates, on every request.
Splink's ``score_pairs`` builds and runs its whole prediction pipeline for each call
(tables registered, SQL generated and transpiled): about 70 ms a search, however few
the pairs.  The arithmetic of a prediction is small: each comparison's level is the
first of its SQL conditions that holds, and the match weight is the prior's plus each
level's log2(m/u).  So the model's own conditions (the text Splink runs) are put into
one statement per model, built once, and the weights are Splink's own (read from the
linker, clamped as it clamps them).  Without term-frequency adjustments, as the search
asked of Splink before.  A test checks that both give the same probabilities.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb
import pyarrow as pa
from splink import Linker

LEFT, RIGHT = "amanat_pairs_left", "amanat_pairs_right"


@dataclass(frozen=True)
class _Comparison:
    case: str  # SQL: the index of the first level whose condition holds
    weights: tuple[float, ...]  # log2(m/u) of each level, 0 for the null level


def _comparisons(linker: Linker) -> list[_Comparison]:
    # Splink's settings object is private, but it is where the trained, defaulted and
    # clamped m and u live; reading the JSON instead would mean re-deriving them.
    settings = linker._settings_obj
    made = []
    for comparison in settings.comparisons:
        whens, weights = [], []
        for index, level in enumerate(comparison.comparison_levels):
            condition = level.sql_condition
            whens.append(
                f"ELSE {index}"
                if condition.strip().upper() == "ELSE"
                else f"WHEN {condition} THEN {index}"
            )
            weight = level._match_weight
            weights.append(0.0 if weight is None or level.is_null_level else float(weight))
        made.append(_Comparison(f"CASE {' '.join(whens)} END", tuple(weights)))
    return made


class PairScorer:
    """Scores pairs of feature rows with one model, on one DuckDB connection (which
    has the name layer's function registered)."""

    def __init__(self, linker: Linker, connection: duckdb.DuckDBPyConnection, columns: list[str]):
        settings = linker._settings_obj
        probability = float(settings._probability_two_random_records_match)
        self.prior = math.log2(probability / (1 - probability))
        self.comparisons = _comparisons(linker)
        self.connection = connection
        sides = ", ".join(f'l."{c}" AS "{c}_l", r."{c}" AS "{c}_r"' for c in columns)
        cases = ", ".join(c.case for c in self.comparisons)
        self.sql = (
            f"SELECT r_id, {cases} FROM (SELECT r.unique_id AS r_id, {sides} "
            f"FROM {LEFT} AS l CROSS JOIN {RIGHT} AS r)"
        )

    def scores(self, query: pa.Table, candidates: pa.Table) -> dict[object, float]:
        """Candidate id -> match probability against the one query row."""
        self.connection.register(LEFT, query)
        self.connection.register(RIGHT, candidates)
        try:
            rows = self.connection.execute(self.sql).fetchall()
        finally:
            self.connection.unregister(LEFT)
            self.connection.unregister(RIGHT)
        found = {}
        for candidate, *levels in rows:
            weight = self.prior + sum(
                0.0 if level is None else comparison.weights[level]  # no level held
                for comparison, level in zip(self.comparisons, levels, strict=True)
            )
            found[candidate] = 1.0 / (1.0 + 2.0 ** -max(-1000.0, min(1000.0, weight)))
        return found

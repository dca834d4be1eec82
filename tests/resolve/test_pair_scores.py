"""The search's scorer gives the probabilities Splink's own prediction gives, with the
model's levels and weights, without Splink's per-call pipeline."""

from __future__ import annotations

import logging

import pytest
from splink import Linker

from amanat.resolve.backends import duckdb_backend
from amanat.resolve.default_model import VERSION, default_settings
from amanat.resolve.dialect import for_engine
from amanat.resolve.features import feature_table
from amanat.resolve.linkage import TF_COLUMNS
from amanat.resolve.model_store import StoredModel
from amanat.resolve.records import PersonRecord
from amanat.resolve.search import _model_scores, rank

QUERY = PersonRecord(0, "Джуманбеков Ерлан Серикович", "male", 1985, 3, 14, ("KZ",))
CANDIDATES = [
    PersonRecord(1, "Jumanbekov Erlan", "male", 1985, 3, 14, ("KZ",)),
    PersonRecord(2, "Dzhumanbekov Yerlan Serikovich", None, 1985, None, None),
    PersonRecord(3, "Джуманбекова Ерлана", "female", 1985, 3, 14, ("KZ",)),
    PersonRecord(4, "Zhumanbekov Erlan", "male", 1958, 3, 14, ("UZ",), (("passport", "N1234567"),)),
    PersonRecord(5, "Asanov Marat", "male", 1990, 1, 1, (), (), ("+7 701 123 45 67",)),
    PersonRecord(6, "Ерлан", None, None, None, None),
]


def _splink(query: PersonRecord, candidates: list[PersonRecord], model: StoredModel) -> list[float]:
    backend = duckdb_backend(threads=1)
    try:
        frame = backend.register(feature_table([]), "reference")
        linker = Linker(frame, for_engine(model.settings, "duckdb"), log_level=logging.WARNING)
        left = feature_table([query]).to_pylist()
        right = feature_table(candidates).to_pylist()
        for row in (*left, *right):
            row.update({f"tf_{column}": None for column in TF_COLUMNS})
        scored = linker.inference.score_pairs(left, right)
        table = backend.query(
            f"SELECT unique_id_r AS id, match_probability AS p FROM {scored.physical_name}"
        )
        by_id = dict(zip(table["id"].to_pylist(), table["p"].to_pylist(), strict=True))
        return [float(by_id[c.id]) for c in candidates]
    finally:
        backend.close()


def test_the_scorer_agrees_with_splink() -> None:
    model = StoredModel(VERSION, default_settings(), 0.8, 0.2)
    ours = _model_scores(QUERY, CANDIDATES, model)
    theirs = _splink(QUERY, CANDIDATES, model)
    assert ours == pytest.approx(theirs, rel=1e-9, abs=1e-12)
    # And the scores mean something: the same man in Latin first, a woman's name low.
    assert ours[0] > 0.9 and ours[2] < ours[0] and ours[4] < 0.01


def test_rank_orders_by_the_model() -> None:
    model = StoredModel(VERSION, default_settings(), 0.8, 0.2)
    ranked = rank(QUERY, CANDIDATES, model)
    assert ranked[0].record.id in (1, 2)
    assert [r.score for r in ranked] == sorted((r.score for r in ranked), reverse=True)

"""Scoring pairs of records with Splink: a whole register, new records against the rest,
or an outside list against the register.

The model is trained on the register itself when none is given (``training``) and
returned with the pairs, so the caller can store it under a version.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from splink import Linker, SettingsCreator
from splink.internals.splink_dataframe import SplinkDataFrame

from amanat.resolve import name_udf
from amanat.resolve.backends import LinkageBackend
from amanat.resolve.default_model import MIN_TRAINING_RECORDS, default_settings
from amanat.resolve.dialect import for_engine
from amanat.resolve.frequencies import PEOPLE_BY, register_frequencies
from amanat.resolve.prescore import prescore
from amanat.resolve.settings import SPLINK_LOG_LEVEL, settings
from amanat.resolve.training import regularise, train

log = logging.getLogger("amanat.resolve")
TF_COLUMNS = tuple(PEOPLE_BY)
PAIR_COLUMNS = ("left_id", "right_id", "probability", "weight")


@dataclass(frozen=True)
class Scored:
    """Scored pairs (left_id < right_id, probability, weight) and the model that scored
    them: ``origin`` is "given", "trained" (on these records) or "default"."""

    pairs: pa.Table
    model: dict[str, Any]
    origin: str


def _linker(
    backend: LinkageBackend, frame: SplinkDataFrame, model: dict[str, Any] | None, size: int
) -> tuple[Linker, str]:
    def linker(settings: dict[str, Any] | SettingsCreator) -> Linker:
        made = Linker(frame, settings, log_level=SPLINK_LOG_LEVEL)
        register_frequencies(backend, made, [frame])
        return made

    if model is not None:
        return linker(for_engine(model, backend.name)), "given"
    if size < MIN_TRAINING_RECORDS:
        return linker(for_engine(default_settings(), backend.name)), "default"
    began = time.perf_counter()
    learner = linker(settings())
    train(learner)
    trained = regularise(learner.misc.save_model_to_json())
    log.info("trained on %d records: %.1f s", size, time.perf_counter() - began)
    return linker(trained), "trained"


def _pairs(backend: LinkageBackend, *frames: SplinkDataFrame) -> pa.Table:
    selects = [
        "SELECT least(unique_id_l, unique_id_r) AS left_id, "
        "greatest(unique_id_l, unique_id_r) AS right_id, "
        "match_probability AS probability, match_weight AS weight "
        f"FROM {frame.physical_name}"
        for frame in frames
    ]
    return backend.query(" UNION ALL ".join(selects))


def link(
    backend: LinkageBackend,
    features: pa.Table,
    model: dict[str, Any] | None,
    threshold: float,
    *,
    new_after: int | None = None,
) -> Scored:
    """Score the pairs at or above ``threshold`` among ``features``.

    With ``new_after``, only pairs involving a record with a greater id are scored (new
    records against each other and against the rest): the register grows, the old pairs
    were scored by an earlier run.
    """
    everyone = backend.register(features, "people")
    linker, origin = _linker(backend, everyone, model, features.num_rows)
    if new_after is None:
        began = time.perf_counter()
        scored = prescore(backend, linker, everyone)
        log.info("name layer ahead on %d pairs: %.1f s", scored, time.perf_counter() - began)
        predicted = linker.inference.predict(threshold_match_probability=threshold)
        name_udf.remember([], [])
        return Scored(_pairs(backend, predicted), linker.misc.save_model_to_json(), origin)
    is_new = pc.greater(features["unique_id"], new_after)
    new = backend.register(features.filter(is_new), "new")
    old = backend.register(features.filter(pc.invert(is_new)), "old")
    within = linker.inference.predict_within(new, threshold_match_probability=threshold)
    between = linker.inference.predict_between(new, old, threshold_match_probability=threshold)
    pairs = _pairs(backend, within, between)
    return Scored(pairs, linker.misc.save_model_to_json(), origin)


def link_between(
    backend: LinkageBackend,
    queries: pa.Table,
    targets: pa.Table,
    model: dict[str, Any],
    threshold: float,
) -> pa.Table:
    """Score outside rows (``queries``) against register records (``targets``) only.

    Term frequencies are counted over both (``frequencies``).
    Returns left_id (the query row), right_id (the register record), probability, weight.
    """
    target_frame = backend.register(targets, "targets")
    query_frame = backend.register(queries, "queries")
    linker = Linker(target_frame, for_engine(model, backend.name), log_level=SPLINK_LOG_LEVEL)
    # the registry is the better sample of how common a name is; the list is added to it
    register_frequencies(backend, linker, [query_frame, target_frame])
    found = linker.inference.predict_between(
        query_frame, target_frame, threshold_match_probability=threshold
    )
    return backend.query(
        "SELECT unique_id_l AS left_id, unique_id_r AS right_id, "
        f"match_probability AS probability, match_weight AS weight FROM {found.physical_name}"
    )

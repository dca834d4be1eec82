"""Search ranking: a name typed in any script, with whatever else is known (a date of birth,
a document), ranks candidates by the same scoring as linkage.

Candidates are the visible, unprotected persons whose names share a word key with the query
(``register.name_key``); ``rank`` scores each with the trained linkage model (its own
comparison levels and weights, in one statement: ``pair_scores``) and says why field by
field.  Without a trained model the
name layer's score ranks alone.  This is the hook the API and web app call to order
results; they keep their own auditing of searches.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from splink import Linker
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from amanat.access.visibility import Viewer
from amanat.names import compare_names, is_placeholder_name
from amanat.register import PersonNameKey
from amanat.register.name_key_version import search_keys
from amanat.resolve.backends import LinkageBackend, duckdb_backend
from amanat.resolve.dialect import for_engine
from amanat.resolve.evidence import FieldEvidence, explain
from amanat.resolve.features import feature_table
from amanat.resolve.model_store import StoredModel
from amanat.resolve.pair_scores import PairScorer
from amanat.resolve.records import PersonRecord, read_people
from amanat.resolve.settings import SPLINK_LOG_LEVEL

CANDIDATES = 200
COMMON_WORD = 5000  # a word in more names than this does not find candidates on its own


@dataclass(frozen=True)
class Ranked:
    record: PersonRecord
    score: float  # the model's match probability, or the name layer's score without a model
    evidence: tuple[FieldEvidence, ...]


def candidate_ids(
    session: Session, viewer: Viewer | None, name: str, limit: int = CANDIDATES
) -> list[int]:
    """Visible persons (any linkable one without ``viewer``) sharing the most word keys
    with ``name``, rare words first."""
    # "неизвестно" finds no one; stale stored keys refuse the search
    keys = [] if is_placeholder_name(name) else search_keys(session.connection(), name)
    if not keys:
        return []
    counts = select(PersonNameKey.key, func.count()).where(PersonNameKey.key.in_(keys))
    frequency = dict(session.execute(counts.group_by(PersonNameKey.key)).all())
    usable = [k for k in keys if 0 < frequency.get(k, 0) <= COMMON_WORD] or keys
    hits = func.count(func.distinct(PersonNameKey.key))
    query = (
        select(PersonNameKey.person_id)
        .where(PersonNameKey.key.in_(usable))
        .group_by(PersonNameKey.person_id)
        .order_by(hits.desc(), PersonNameKey.person_id)
        .limit(limit * 5)  # some will not be visible
    )
    ids = list(session.scalars(query))
    return [r.id for r in read_people(session, viewer, only_ids=ids)][:limit]


class _Scorer(threading.local):
    """One model's scorer per thread, kept between searches.

    Building it (a Splink linker: settings validated, SQL parsed; the statement of
    ``PairScorer``) costs more than scoring a search's few pairs; DuckDB connections
    are not shared between threads, and the server answers requests on a pool of
    threads, so each thread keeps its own.
    """

    version: str | None = None
    backend: LinkageBackend | None = None
    scorer: PairScorer | None = None

    def get(self, model: StoredModel) -> PairScorer:
        if self.backend is None or self.scorer is None or self.version != model.version:
            if self.backend is not None:
                self.backend.close()
            backend = duckdb_backend(threads=1)
            empty = feature_table([])
            frame = backend.register(empty, "search")
            settings = for_engine(model.settings, backend.name)
            linker = Linker(frame, settings, log_level=SPLINK_LOG_LEVEL)
            self.scorer = PairScorer(linker, backend.api.duckdb_con, empty.column_names)
            self.backend, self.version = backend, model.version
        return self.scorer


_SCORER = _Scorer()


def _model_scores(
    query: PersonRecord, candidates: list[PersonRecord], model: StoredModel
) -> list[float]:
    """The model's match probability of each candidate with the query (no frequency
    adjustment: a search's handful of records says nothing about how common a name is)."""
    by_id = _SCORER.get(model).scores(feature_table([query]), feature_table(candidates))
    return [float(by_id.get(c.id, 0.0)) for c in candidates]


def rank(
    query: PersonRecord, candidates: list[PersonRecord], model: StoredModel | None
) -> list[Ranked]:
    """Candidates best first, each with its score and the evidence field by field."""
    if not candidates:
        return []
    if model is None:
        scores = [compare_names(query.name, c.name).score for c in candidates]
    else:
        scores = _model_scores(query, candidates, model)
    ranked = [
        Ranked(c, s, tuple(explain(query, c))) for c, s in zip(candidates, scores, strict=True)
    ]
    return sorted(ranked, key=lambda r: (-r.score, r.record.id))

"""``amanat resolve run``: deduplicate the register, or link the records that arrived.

A full run reads every linkable record, trains a model when there is none (or when asked),
scores all blocked pairs, replaces the previous run's automatic merges and review queue,
and recomputes the canonical entities.  An incremental run (the default once a model and a
run exist) scores only the records added since the last run, against each other and
against the rest, and adds to what is there.  Analysts' judgements are respected by both
(``decisions``).  A run with a viewer reads only what that user may see.  The action
that starts a run (``amanat.actions.resolution.running``) writes its audit entry.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Engine, and_, func, insert, select, update
from sqlalchemy.orm import Session

from amanat.access.visibility import Viewer
from amanat.register.base import utcnow
from amanat.resolve import canonical
from amanat.resolve.associates import MODEL_KEY, AssociateEvidence, second_look
from amanat.resolve.backends import EngineName, open_backend
from amanat.resolve.decisions import Decided, decide, known_pairs
from amanat.resolve.default_model import ASSOCIATES as DEFAULT_ASSOCIATES
from amanat.resolve.default_model import MIN_TRAINING_RECORDS
from amanat.resolve.default_model import VERSION as DEFAULT_VERSION
from amanat.resolve.features import feature_table
from amanat.resolve.linkage import PAIR_COLUMNS, Scored, link
from amanat.resolve.model_store import (
    AUTO_MERGE_THRESHOLD,
    REVIEW_THRESHOLD,
    StoredModel,
    current_model,
    save_model,
)
from amanat.resolve.models import (
    Candidate,
    Judgement,
    JudgementSource,
    ResolutionRun,
    Verdict,
)
from amanat.resolve.records import PersonRecord, read_people
from amanat.store.engine import session_factory, transaction

KIND = "person"
BATCH = 10_000
# Pairs the first pass scores this low may still reach the review queue once their
# associates in common are counted (an associate in common is worth about 5 bits).
FIRST_PASS_FLOOR = 0.01
log = logging.getLogger("amanat.resolve")


@dataclass(frozen=True)
class RunOptions:
    engine: EngineName = "duckdb"
    viewer: Viewer | None = None  # read only what this user may see
    user_id: int | None = None  # who started the run (audit)
    full: bool = False
    retrain: bool = False
    auto_merge: float | None = None  # override the model's thresholds
    review: float | None = None
    scratch: Path | None = None


@dataclass(frozen=True)
class RunReport:
    run_id: int
    mode: str
    model_version: str
    model_origin: str  # given (stored before), trained (now, on these records) or default
    records: int
    new_records: int
    pairs_scored: int
    auto_merged: int
    queued: int
    entities: int
    seconds: float

    def detail(self) -> dict[str, str | int | bool | None]:
        """The report as an audit entry's detail: the trail takes str, int and bool; a
        duration is shown to the tenth of a second."""
        return {k: str(v) if isinstance(v, float) else v for k, v in asdict(self).items()}


def _start(engine: Engine, options: RunOptions) -> int:
    with transaction(engine) as session:
        run = ResolutionRun(
            record_kind=KIND,
            mode="full" if options.full else "pending",
            engine=options.engine,
            user_id=options.user_id,
            scoped=options.viewer is not None,
        )
        session.add(run)
        session.flush()
        return run.id


def _last_high_water(session: Session, options: RunOptions) -> int | None:
    query = select(func.max(ResolutionRun.high_water_id)).where(
        ResolutionRun.record_kind == KIND,
        ResolutionRun.status == "done",
        ResolutionRun.scoped.is_(options.viewer is not None),
    )
    if options.viewer is not None:
        query = query.where(ResolutionRun.user_id == options.user_id)
    return session.scalar(query)


def _retire(session: Session, run_id: int, scope: set[int] | None) -> None:
    """A full run replaces the automatic merges and the open queue within its scope."""
    now = utcnow()
    for table, open_rows, values in (
        (Judgement, and_(Judgement.source == JudgementSource.auto, Judgement.undone_at.is_(None)),
         {"undone_at": now, "note": f"replaced by run {run_id}"}),
        (Candidate, Candidate.closed_at.is_(None), {"closed_at": now}),
    ):  # fmt: skip
        rows = and_(table.record_kind == KIND, open_rows)
        if scope is None:
            session.execute(update(table).where(rows).values(**values))
            continue
        pairs = session.execute(select(table.id, table.left_id, table.right_id).where(rows))
        ids = [i for i, a, b in pairs if a in scope and b in scope]
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            session.execute(update(table).where(table.id.in_(chunk)).values(**values))


def write_decisions(
    session: Session, run_id: int | None, model: StoredModel, decided: Decided
) -> None:
    """The merges and review items decided, as a run's (``run_id``) or, without one, as
    the person just recorded's (``amanat.actions.resolution.arrivals``)."""
    now = utcnow()
    merges = [
        {"record_kind": KIND, "left_id": a, "right_id": b, "verdict": Verdict.same.value,
         "source": JudgementSource.auto.value, "created_at": now, "score": p,
         "model_version": model.version, "run_id": run_id}
        for a, b, p in decided.merge
    ]  # fmt: skip
    queue = [
        {"record_kind": KIND, "left_id": a, "right_id": b, "score": p, "match_weight": w,
         "associates": n, "model_version": model.version, "run_id": run_id, "created_at": now}
        for a, b, p, w, n in decided.review
    ]  # fmt: skip
    for table, rows in ((Judgement, merges), (Candidate, queue)):
        for start in range(0, len(rows), BATCH):
            session.execute(insert(table), rows[start : start + BATCH])


def _model(session: Session, options: RunOptions, records: int) -> StoredModel | None:
    """The stored model to use, or None to train one (or start from the default)."""
    stored = None if options.retrain else current_model(session, KIND)
    if stored is not None and stored.is_default and records >= MIN_TRAINING_RECORDS:
        return None  # the register has grown enough to train its own model
    return stored


def _score(
    options: RunOptions, records: list[PersonRecord], stored: StoredModel | None, after: int | None
) -> Scored:
    if after is not None and not any(r.id > after for r in records):
        empty = pa.table({name: pa.array([], pa.float64()) for name in PAIR_COLUMNS})
        return Scored(empty, stored.settings if stored else {}, "given")
    began = time.perf_counter()
    features = feature_table(records)
    log.info("features of %d records: %.1f s", len(records), time.perf_counter() - began)
    backend = open_backend(options.engine, options.scratch)
    floor = min(FIRST_PASS_FLOOR, options.review if options.review is not None else 1.0)
    model = stored.settings if stored else None
    began = time.perf_counter()
    try:
        scored = link(backend, features, model, floor, new_after=after)
    finally:
        backend.close()
    log.info(
        "%s: %d pairs in %.1f s", scored.origin, scored.pairs.num_rows, time.perf_counter() - began
    )
    return scored


def resolve(engine: Engine, options: RunOptions, within: Session | None = None) -> RunReport:
    """Run linkage once; see the module docstring.

    The run reads and scores in transactions of its own; its outcome (merges, queue,
    entities, the run's log) is written in ``within`` when given — the caller's, to
    commit with the run's audit entry — else in one more of its own.
    """
    began = time.perf_counter()
    run_id = _start(engine, options)
    try:
        with session_factory(engine)() as session:
            records = list(read_people(session, options.viewer))
        log.info("read %d records: %.1f s", len(records), time.perf_counter() - began)
        with session_factory(engine)() as session:
            stored = _model(session, options, len(records))
            incremental = not options.full and stored is not None
            after = _last_high_water(session, options) if incremental else None
        scored = _score(options, records, stored, after)
        scored = _second_look(engine, options, records, stored, scored, after)
        outcome = _Outcome(run_id, "full" if after is None else "incremental", records, after)
        if within is not None:
            return _finish(within, options, outcome, stored, scored, began)
        with transaction(engine) as session:
            return _finish(session, options, outcome, stored, scored, began)
    except BaseException:
        if within is not None:
            # The caller's transaction fails with the run; rolled back first, it holds
            # no lock that marking the run failed would wait for.
            within.rollback()
        with transaction(engine) as session:
            failed = update(ResolutionRun).where(ResolutionRun.id == run_id)
            session.execute(failed.values(status="failed", finished_at=utcnow()))
        raise


def _second_look(
    engine: Engine,
    options: RunOptions,
    records: list[PersonRecord],
    stored: StoredModel | None,
    scored: Scored,
    after: int | None,
) -> Scored:
    """The pairs rescored with associates in common (``associates``), down to the review
    floor; a model trained now keeps what it learnt of associates."""
    if scored.pairs.num_rows == 0:
        return scored
    review = options.review if options.review is not None else _review(stored)
    auto = options.auto_merge if options.auto_merge is not None else _auto_merge(stored)
    with session_factory(engine)() as session:
        # an incremental run: the entities already drawn stand for the records before
        same, apart = canonical.analysts_links(session, KIND, with_entities=after is not None)
    began = time.perf_counter()
    # a stored model keeps what it learnt; the default model ships the medium demo's
    evidence = AssociateEvidence.from_model(stored.settings) if stored else None
    if stored is None and scored.origin == "default":
        evidence = AssociateEvidence(*DEFAULT_ASSOCIATES)
    pairs, evidence = second_look(
        scored.pairs, records, auto_merge=auto, evidence=evidence, same=same, apart=apart
    )
    log.info("associates in common: %.1f s, %s", time.perf_counter() - began, evidence)
    kept = pairs.filter(pc.greater_equal(pairs["probability"], review))
    return Scored(kept, {**scored.model, MODEL_KEY: evidence.as_json()}, scored.origin)


def _auto_merge(stored: StoredModel | None) -> float:
    return AUTO_MERGE_THRESHOLD if stored is None else stored.auto_merge


def _review(stored: StoredModel | None) -> float:
    return REVIEW_THRESHOLD if stored is None else stored.review


@dataclass(frozen=True)
class _Outcome:
    run_id: int
    mode: str
    records: list[PersonRecord]
    after: int | None

    @property
    def new(self) -> int:
        after = self.after
        return len(self.records) if after is None else sum(r.id > after for r in self.records)


def _finish(
    session: Session,
    options: RunOptions,
    outcome: _Outcome,
    stored: StoredModel | None,
    scored: Scored,
    began: float,
) -> RunReport:
    ids = {r.id for r in outcome.records}
    full = outcome.mode == "full"
    model = stored
    if model is None:
        version = DEFAULT_VERSION if scored.origin == "default" else None
        model = save_model(
            session, KIND, scored.model, trained_on=len(ids), engine=options.engine,
            version=version,
        )  # fmt: skip
    auto = options.auto_merge if options.auto_merge is not None else model.auto_merge
    review = options.review if options.review is not None else model.review
    if full:
        _retire(session, outcome.run_id, ids if options.viewer is not None else None)
    decided = decide(scored.pairs, known_pairs(session, KIND, with_pending=not full), auto, review)
    write_decisions(session, outcome.run_id, model, decided)
    touched = {r for a, b, _ in decided.merge for r in (a, b)}
    canonical.recompute(session, KIND, None if full else touched)
    entities = canonical.entity_count(session, KIND)
    report = RunReport(
        outcome.run_id, outcome.mode, model.version, scored.origin, len(ids), outcome.new,
        scored.pairs.num_rows, len(decided.merge), len(decided.review), entities,
        round(time.perf_counter() - began, 1),
    )  # fmt: skip
    _log(session, report, max(ids, default=None), {"auto_merge": auto, "review": review})
    log.info("decisions, entities and run log written: %.1f s in all", time.perf_counter() - began)
    return report


def _log(
    session: Session,
    report: RunReport,
    high_water: int | None,
    thresholds: dict[str, float],
) -> None:
    session.execute(
        update(ResolutionRun)
        .where(ResolutionRun.id == report.run_id)
        .values(
            mode=report.mode, status="done", model_version=report.model_version,
            finished_at=utcnow(), high_water_id=high_water, records=report.records,
            new_records=report.new_records, pairs_scored=report.pairs_scored,
            auto_merged=report.auto_merged, queued=report.queued, entities=report.entities,
            seconds=report.seconds, detail=json.dumps(thresholds),
        )
    )  # fmt: skip

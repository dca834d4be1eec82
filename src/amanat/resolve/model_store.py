"""Trained linkage models, kept in the register's own database by version.

Why the database and not a models folder: the model must travel with the register it was
trained on (a SQLite copy, a PostgreSQL backup), every API worker and command on any
machine must read the same one without a shared disk, and each judgement names the model
version that scored it, which must stay resolvable.  A model is a few tens of kilobytes of
JSON (Splink's settings with its m and u probabilities) plus Amanat's two thresholds.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import URL, select
from sqlalchemy.orm import Session

from amanat.resolve.default_model import VERSION as DEFAULT_VERSION
from amanat.resolve.models import LinkageModel
from amanat.resolve.settings import FEATURE_VERSION

# Chosen on the medium demo region (see docs/resolution.md and benchmarks/resolution.py).
AUTO_MERGE_THRESHOLD = 0.8
REVIEW_THRESHOLD = 0.2


@dataclass(frozen=True)
class StoredModel:
    version: str
    settings: dict[str, Any]
    auto_merge: float
    review: float

    @property
    def is_default(self) -> bool:
        return self.version == DEFAULT_VERSION


def new_version(record_kind: str, now: dt.datetime | None = None) -> str:
    when = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%S%f")
    return f"{record_kind}-f{FEATURE_VERSION}-{when}"


def save_model(
    session: Session,
    record_kind: str,
    settings: dict[str, Any],
    *,
    trained_on: int,
    engine: str,
    auto_merge: float = AUTO_MERGE_THRESHOLD,
    review: float = REVIEW_THRESHOLD,
    version: str | None = None,
) -> StoredModel:
    """Store a model under a new version (or ``version``, kept if already stored)."""
    if version is not None:
        found = model_by_version(session, version)
        if found is not None:
            return found
    version = version or new_version(record_kind)
    session.add(
        LinkageModel(
            record_kind=record_kind,
            version=version,
            trained_on=trained_on,
            engine=engine,
            auto_merge_threshold=auto_merge,
            review_threshold=review,
            settings=json.dumps(settings, sort_keys=True),
        )
    )
    session.flush()
    _recent.clear()
    return StoredModel(version, settings, auto_merge, review)


def _stored(row: LinkageModel) -> StoredModel:
    return StoredModel(
        row.version, json.loads(row.settings), row.auto_merge_threshold, row.review_threshold
    )


# (database, record kind) -> (the model or None, time.monotonic() when read).
_recent: dict[tuple[URL, str], tuple[StoredModel | None, float]] = {}


def current_model(
    session: Session, record_kind: str, *, max_age: float | None = None
) -> StoredModel | None:
    """The latest model of this feature version, or None (a run will train one).

    With ``max_age`` (seconds), what this process read less than that long ago will
    do: ranked search asks on every query, and a model changes once a run.  A model
    saved in this process is seen at once (``save_model`` forgets what was read)."""
    where = (session.get_bind().engine.url, record_kind)
    held = _recent.get(where) if max_age is not None else None
    if held is not None and max_age is not None and time.monotonic() - held[1] < max_age:
        return held[0]
    model = _latest(session, record_kind)
    _recent[where] = (model, time.monotonic())
    return model


def forget_recent() -> None:
    """Forget the models read (a database emptied or restored under a running process)."""
    _recent.clear()


def _latest(session: Session, record_kind: str) -> StoredModel | None:
    query = (
        select(LinkageModel)
        .where(
            LinkageModel.record_kind == record_kind,
            LinkageModel.version.like(f"{record_kind}-f{FEATURE_VERSION}-%"),
        )
        .order_by(LinkageModel.id.desc())
        .limit(1)
    )
    row = session.scalars(query).first()
    return None if row is None else _stored(row)


def model_by_version(session: Session, version: str) -> StoredModel | None:
    row = session.scalars(select(LinkageModel).where(LinkageModel.version == version)).first()
    return None if row is None else _stored(row)

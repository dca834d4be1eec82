"""A person just recorded enters resolution at once, not at the next run.

The web forms call this right after a new person is written, in the same transaction.
The person is scored by the linkage model (the stored one, else the default a run would
start from) against the linkable persons whose names share its words, the way ranked
search finds them (``amanat.resolve.search``), and the pairs are decided as a run
decides them (``amanat.resolve.decisions``): above the upper threshold merged
automatically, between the thresholds put in the review queue for an analyst.  The next
incremental run scores the person again with everything else and finds these pairs
already merged or queued, so nothing is done twice.

Every linkable person is a candidate, as in the regional centre's run, but the caller
learns only how many pairs were merged or queued: never whom.  A protected person
(victim, witness) is not linked on plaintext and is left alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pyarrow as pa

from amanat.access.roles import Permission
from amanat.actions.door import Context, Scope, action
from amanat.actions.errors import NotFound
from amanat.language.i18n import N_
from amanat.register import Person
from amanat.resolve import canonical
from amanat.resolve.decisions import Known, decide
from amanat.resolve.default_model import VERSION as DEFAULT_VERSION
from amanat.resolve.default_model import default_settings
from amanat.resolve.model_store import (
    AUTO_MERGE_THRESHOLD,
    REVIEW_THRESHOLD,
    StoredModel,
    current_model,
)
from amanat.resolve.records import PersonRecord, read_people
from amanat.resolve.run import KIND, write_decisions
from amanat.resolve.search import candidate_ids, rank


@dataclass(frozen=True)
class Arrived:
    merged: int  # pairs merged automatically
    queued: int  # pairs put in the review queue


def _model(ctx: Context) -> StoredModel:
    stored = current_model(ctx.session, KIND)
    if stored is not None:
        return stored
    return StoredModel(DEFAULT_VERSION, default_settings(), AUTO_MERGE_THRESHOLD, REVIEW_THRESHOLD)


@action(
    "resolution.arrived",
    "Link a person the caller's organisation just recorded at once: merged with, or queued "
    "for review beside, the persons the linkage model scores as likely the same",
    scope=Scope.own_organisation,
    permission=Permission.create,
    audit="resolve_arrived",
)
def arrived(ctx: Context, person_id: int) -> Arrived:
    person = ctx.session.get(Person, person_id)
    if person is None or person.deleted_at is not None or person.org_id != ctx.viewer.org_id:
        raise NotFound(N_("person %(person_id)s not found"), person_id=person_id)
    found = list(read_people(ctx.session, only_ids=[person_id]))  # none when protected
    outcome = _link(ctx, found[0]) if found else Arrived(0, 0)
    ctx.audit("person", person_id, merged=outcome.merged, queued=outcome.queued)
    return outcome


def _weight(probability: float) -> float:
    """The match weight (log2 of the odds) a run stores beside the probability."""
    p = min(max(probability, 1e-12), 1 - 1e-12)
    return math.log2(p / (1 - p))


def _link(ctx: Context, query: PersonRecord) -> Arrived:
    session, person_id = ctx.session, query.id
    ids = [i for i in candidate_ids(session, None, query.name) if i != person_id]
    if not ids:
        return Arrived(0, 0)
    model = _model(ctx)
    ranked = rank(query, list(read_people(session, only_ids=ids)), model)
    pairs = pa.table(
        {
            "left_id": [min(person_id, r.record.id) for r in ranked],
            "right_id": [max(person_id, r.record.id) for r in ranked],
            "probability": [r.score for r in ranked],
            "weight": [_weight(r.score) for r in ranked],
        }
    )
    # A person just written has no judgement nor queued pair yet: nothing is known.
    decided = decide(pairs, Known(), model.auto_merge, model.review)
    write_decisions(session, None, model, decided)
    if decided.merge:
        touched = {r for a, b, _ in decided.merge for r in (a, b)}
        canonical.recompute(session, KIND, touched)
    return Arrived(len(decided.merge), len(decided.review))

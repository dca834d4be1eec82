"""Resolution: the review queue, judgements, undo, split and a person's entity.

Judging needs the ``resolve`` permission (analysts; 403 otherwise); a pair, judgement or
person the caller may not see, or a protected person, is answered 404 like one that does
not exist.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response

from amanat.actions.door import binds
from amanat.actions.resolution import entities
from amanat.actions.resolution import review as reviewing
from amanat.resolve.records import PersonRecord
from amanat.resolve.review import ReviewItem
from amanat.service.api.answers import READ, WRITE, errors, json_answer
from amanat.service.deps import ApiDoor, committed
from amanat.service.schemas.resolution import (
    EntityPublic,
    JudgementCreate,
    JudgementPublic,
    ReviewPairPublic,
)

router = APIRouter(tags=["Resolution"])

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
RESOLVE = errors(401, 403, 404, 422)


def summary(record: PersonRecord) -> dict[str, Any]:
    return {
        "person_id": record.id,
        "name": record.name,
        "birth_year": record.birth_year,
        "birth_month": record.birth_month,
        "birth_day": record.birth_day,
        "citizenships": list(record.citizenships),
        "documents": [f"{kind}: {number}" for kind, number in record.documents],
        "phones": list(record.phones),
        "org_id": record.org_id,
    }


def _pair(item: ReviewItem) -> dict[str, Any]:
    return {
        "id": item.candidate_id,
        "left": summary(item.left),
        "right": summary(item.right),
        "match_probability": item.score,
        "model_version": item.model_version,
        "evidence": [
            {"field": e.field, "score": e.score, "reasons": list(e.reasons)} for e in item.evidence
        ],
    }


def _judged(judged: reviewing.Judged) -> dict[str, Any]:
    j = judged.judgement
    return {
        "id": j.id,
        "left_id": j.left_id,
        "right_id": j.right_id,
        "verdict": j.verdict,
        "source": j.source,
        "created_at": j.created_at,
        "undone_at": j.undone_at,
        "note": j.note,
    }


@router.get("/resolution/review", response_model=list[ReviewPairPublic], responses=RESOLVE)
@binds(reviewing.queue)
def review_queue(
    door: ApiDoor, limit: Annotated[int, Query(ge=1, le=reviewing.MAX_QUEUE)] = 20
) -> Response:
    """Open pairs for review, most likely first, both records with the evidence field by
    field; pairs whose two records you may not both see are left out."""
    items = reviewing.queue(door, limit)
    return json_answer(list[ReviewPairPublic], committed(door, [_pair(i) for i in items]))


@router.get("/resolution/review/{pair_id}", response_model=ReviewPairPublic, responses=RESOLVE)
@binds(reviewing.pair)
def review_pair(door: ApiDoor, pair_id: Id) -> Response:
    """One open pair; a judged pair has left the queue (404)."""
    shown = reviewing.pair(door, pair_id)
    return json_answer(ReviewPairPublic, committed(door, _pair(shown.item)))


@router.get("/resolution/judgements", response_model=list[JudgementPublic], responses=RESOLVE)
@binds(reviewing.recent)
def my_judgements(door: ApiDoor) -> Response:
    """Your own judgements in force, newest first: the ones you may want to undo."""
    made = reviewing.recent(door)
    return json_answer(list[JudgementPublic], committed(door, [_judged(j) for j in made]))


@router.post(
    "/resolution/judgements", response_model=JudgementPublic, status_code=201, responses=WRITE
)
@binds(reviewing.judge)
def judge(door: ApiDoor, body: JudgementCreate) -> Response:
    """Judge two person records: the same person, different people, or unsure.  Replaces
    your earlier judgement of the pair; later runs respect it."""
    made = reviewing.judge(door, body.left_id, body.right_id, body.verdict, body.note)
    return json_answer(JudgementPublic, committed(door, _judged(made)), status_code=201)


@router.post(
    "/resolution/judgements/{judgement_id}/undo", response_model=JudgementPublic, responses=WRITE
)
@binds(reviewing.undo)
def undo(door: ApiDoor, judgement_id: Id) -> Response:
    """Undo a judgement in force (an analyst's, or a run's automatic merge)."""
    made = reviewing.undo(door, judgement_id)
    return json_answer(JudgementPublic, committed(door, _judged(made)))


@router.post("/people/{record_id}/split", response_model=list[JudgementPublic], responses=WRITE)
@binds(reviewing.split)
def split(door: ApiDoor, record_id: Id) -> Response:
    """Take a person record out of its entity: judged different from every other member
    you may see; the links that tied it in are undone."""
    made = reviewing.split(door, record_id)
    return json_answer(list[JudgementPublic], committed(door, [_judged(j) for j in made]))


@router.get("/people/{record_id}/entity", response_model=EntityPublic, responses=READ)
@binds(entities.entity)
def entity(
    door: ApiDoor,
    record_id: Id,
    purpose: Annotated[
        str | None, Query(max_length=500, description="Why you read: kept in the audit trail.")
    ] = None,
) -> Response:
    """The person's canonical entity: the other records of the same person you may see."""
    found = entities.entity(door, record_id, purpose)
    answer = {
        "person_id": found.person_id,
        "entity_id": found.entity_id,
        "also_recorded_as": [
            {"person_id": r.id, "name": r.name, "org_id": r.org_id} for r in found.members
        ],
    }
    return json_answer(EntityPublic, committed(door, answer))

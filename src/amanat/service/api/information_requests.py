"""Requests for information after a discovery hit: filed by the asker, listed for both
sides, answered by the holder (``actions.information_requests``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from amanat.actions import information_broker
from amanat.actions import information_requests as rfi
from amanat.actions.door import binds
from amanat.discovery.models import InformationRequest
from amanat.service.api.answers import READ, WRITE
from amanat.service.deps import ApiDoor, committed
from amanat.service.schemas.discovery import (
    InformationDecision,
    InformationRequestCreate,
    InformationRequestLists,
    InformationRequestPublic,
    InformationRequestShown,
    ReleasedPerson,
)

router = APIRouter(tags=["Discovery"])
ObjectId = Annotated[int, Path(ge=1, le=2**63 - 1)]
Status = Annotated[
    str | None, Query(pattern="^(pending|overdue|approved|partial|declined)$", max_length=10)
]


def public(listed: rfi.Listed) -> InformationRequestPublic:
    return InformationRequestPublic.model_validate(_fields(listed))


def _fields(listed: rfi.Listed) -> dict[str, object]:
    r = listed.request
    return {
        "id": r.id,
        "reference": r.reference,
        "holder": listed.holder_org,
        "holder_country": r.shown_country,
        "asker_org": listed.asker_org,
        "asker": listed.asker,
        "purpose": r.purpose,
        "legal_basis": r.legal_basis,
        "urgency": r.urgency,
        "handling": r.handling,
        "requested_at": r.requested_at,
        "due_at": r.due_at,
        "overdue": listed.overdue,
        "status": r.status,
        "decided_at": r.decided_at,
        "decision_note": r.decision_note,
        "released_sections": [s for s in (r.released_sections or "").split(",") if s],
        "released_records": [s for s in (r.released_records or "").split(",") if s],
    }


def shown_public(shown: rfi.Shown) -> InformationRequestShown:
    released = [ReleasedPerson(person_id=p.person_id, sections=p.sections) for p in shown.released]
    return InformationRequestShown.model_validate(
        {
            **_fields(shown.listed),
            "hit_persons": shown.hit_persons,
            "offered_sections": list(shown.offered_sections),
            "offered_records": shown.offered_records,
            "released": released,
        }
    )


@router.post(
    "/discovery/requests",
    response_model=InformationRequestShown,
    status_code=201,
    responses=WRITE,
)
@binds(rfi.file, rfi.show)
def file(
    door: ApiDoor, request: Request, body: InformationRequestCreate
) -> InformationRequestShown:
    """Request the information behind a hit from its holder (its reference)."""
    return _filed(rfi.file, door, request, body)


def _filed(
    asking: Callable[..., InformationRequest],
    door: ApiDoor,
    request: Request,
    body: InformationRequestCreate,
) -> InformationRequestShown:
    """A request filed by ``asking`` (``rfi.file`` or ``ask_back``), as its asker sees it."""
    hours = request.app.state.settings.rfi_deadline_hours
    made = asking(
        door, body.reference, body.purpose, body.basis, body.urgency, body.handling, hours
    )
    return committed(door, shown_public(rfi.show(door, made.id)))


@router.post(
    "/discovery/requests/back",
    response_model=InformationRequestShown,
    status_code=201,
    responses=WRITE,
)
@binds(information_broker.ask_back, rfi.show)
def ask_back(
    door: ApiDoor, request: Request, body: InformationRequestCreate
) -> InformationRequestShown:
    """Ask the NGO whose query hit your record (its reference in `GET
    /discovery/received`, marked `brokered`) what its client said; it answers in its own
    words (the decision's note) or declines."""
    return _filed(information_broker.ask_back, door, request, body)


@router.get("/discovery/requests", response_model=InformationRequestLists, responses=READ)
@binds(rfi.lists)
def lists(door: ApiDoor, status: Status = None) -> InformationRequestLists:
    """The requests your organisation must answer (overdue ones marked) and those it made."""
    found = rfi.lists(door, status)
    answer = InformationRequestLists(
        to_decide=[public(i) for i in found.to_decide], made=[public(i) for i in found.made]
    )
    return committed(door, answer)


@router.get(
    "/discovery/requests/{request_id}", response_model=InformationRequestShown, responses=READ
)
@binds(rfi.show)
def show(door: ApiDoor, request_id: ObjectId) -> InformationRequestShown:
    """One request: to the holder, what it may release; to the asker, what was released."""
    return committed(door, shown_public(rfi.show(door, request_id)))


@router.post(
    "/discovery/requests/{request_id}/decision",
    response_model=InformationRequestShown,
    responses=WRITE,
)
@binds(rfi.decide, rfi.show)
def decide(
    door: ApiDoor, request_id: ObjectId, body: InformationDecision
) -> InformationRequestShown:
    """The holder approves (shares the hit records with the asker's organisation),
    approves chosen sections and linked records, or declines with a reason."""
    rfi.decide(door, request_id, body.decision, body.sections, body.records, body.note)
    return committed(door, shown_public(rfi.show(door, request_id)))

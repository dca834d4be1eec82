"""Hit/no-hit discovery: ask whether other organisations hold a person, the owner's
setting for a person record, and the queries that hit one's records."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from amanat.actions import discovery
from amanat.actions.door import binds
from amanat.service.api.answers import READ, WRITE
from amanat.service.deps import ApiDoor, committed
from amanat.service.schemas.discovery import (
    DiscoverableChange,
    DiscoverableState,
    DiscoveryAsk,
    DiscoveryOutcome,
    HolderAnswer,
    ReceivedHit,
)

router = APIRouter(tags=["Discovery"])
ObjectId = Annotated[int, Path(ge=1, le=2**63 - 1)]


@router.post("/discovery/ask", response_model=list[DiscoveryOutcome], responses=WRITE)
@binds(discovery.ask)
def ask(door: ApiDoor, body: DiscoveryAsk) -> list[DiscoveryOutcome]:
    """Ask whether other organisations hold a person: per query, hit or no hit, and per
    holder a score band, the holder as its owner allows and an opaque reference."""
    queries = [
        discovery.Query(
            names=q.names,
            born=q.born,
            documents=[(d.type, d.country, d.number) for d in q.documents],
            phones=q.phones,
            person_id=q.person_id,
        )
        for q in body.queries
    ]
    outcomes = discovery.ask(door, queries, body.purpose, body.basis)
    answer = [
        DiscoveryOutcome(
            answer="hit" if o.hit else "no hit",
            answers=[HolderAnswer.model_validate(a) for a in o.answers],
        )
        for o in outcomes
    ]
    return committed(door, answer)


@router.put("/people/{person_id}/discoverable", response_model=DiscoverableState, responses=WRITE)
@binds(discovery.set_discoverable)
def set_discoverable(
    door: ApiDoor, person_id: ObjectId, body: DiscoverableChange
) -> DiscoverableState:
    """Choose whether other organisations' queries find a person record (the owner only)."""
    in_force = discovery.set_discoverable(door, person_id, body.setting)
    return committed(door, DiscoverableState(person_id=person_id, in_force=in_force))


@router.get("/discovery/received", response_model=list[ReceivedHit], responses=READ)
@binds(discovery.received)
def received(
    door: ApiDoor, limit: Annotated[int, Query(ge=1, le=discovery.MAX_RECEIVED)] = 100
) -> list[ReceivedHit]:
    """The queries that hit your organisation's records, newest first."""
    found = [ReceivedHit.model_validate(r) for r in discovery.received(door, limit)]
    return committed(door, found)

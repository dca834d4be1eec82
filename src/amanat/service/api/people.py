"""People search across scripts, and identities of protected persons.

Mounted before the generic record routes, so ``/people/search`` is not read as a
person id.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from amanat.actions.door import binds
from amanat.actions.people import identity
from amanat.actions.people.search import search_people
from amanat.service.api.answers import READ, json_answer
from amanat.service.deps import ApiDoor, committed
from amanat.service.schemas.people import IdentityBody, IdentityPublic, PersonHitPublic

router = APIRouter(tags=["Person"])

RecordId = Annotated[int, Path(ge=1, le=2**63 - 1)]
Purpose = Annotated[
    str,
    Query(
        min_length=1,
        max_length=500,
        description="Why: kept in the audit trail.  For another organisation's victim, "
        "the purpose the victim consented to: assistance, prosecution or research.",
    ),
]


@router.get("/people/search", response_model=list[PersonHitPublic], responses=READ)
@binds(search_people)
def search(
    door: ApiDoor,
    q: Annotated[str, Query(min_length=1, max_length=300, description="A name, any script.")],
    purpose: Purpose,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    born: Annotated[
        str | None,
        Query(
            max_length=40,
            description="A date of birth if known (1985, 03.1985, 14.03.1985 or "
            "1985-03-14): weighs in the order with the linkage model; without one, "
            "records whose date rules it out come last.",
        ),
    ] = None,
) -> Response:
    """People whose names match in any script ("Джуманбеков" finds "Jumanbekov"),
    best first; protected persons are never found by name.  Audited with the purpose."""
    hits = search_people(door, q, purpose, limit, born)
    answer = [{**asdict(hit), "reasons": list(hit.reasons)} for hit in hits]
    return json_answer(list[PersonHitPublic], committed(door, answer))


def _identity(shown: identity.Shown) -> IdentityPublic:
    body = None if shown.identity is None else IdentityBody(**asdict(shown.identity))
    return IdentityPublic(
        person_id=shown.person_id,
        pseudonym=shown.pseudonym,
        revealed=body is not None,
        identity=body,
    )


@router.get("/people/{record_id}/identity", response_model=IdentityPublic, responses=READ)
@binds(identity.reveal_identity)
def person_identity(door: ApiDoor, record_id: RecordId, purpose: Purpose) -> IdentityPublic:
    """A protected person's identity, if the vault's rules let you see it for this
    purpose; otherwise the pseudonym only.  Audited either way."""
    shown = identity.reveal_identity(door, "person", record_id, purpose)
    return committed(door, _identity(shown))


@router.get("/victims/{record_id}/identity", response_model=IdentityPublic, responses=READ)
@binds(identity.reveal_identity)
def victim_identity(door: ApiDoor, record_id: RecordId, purpose: Purpose) -> IdentityPublic:
    """The identity of a victim's person (see ``/people/{id}/identity``)."""
    shown = identity.reveal_identity(door, "victim", record_id, purpose)
    return committed(door, _identity(shown))

"""People search across scripts, and identities of protected persons.

Mounted before the generic record routes, so ``/people/search`` is not read as a
person id.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from sqlalchemy.orm import Session

from amanat.access.identity_vault import reveal
from amanat.access.sharing import NotFound
from amanat.service import records
from amanat.service.api.answers import READ, json_answer
from amanat.service.deps import ApiCaller, ApiSessionDep, Caller, committed
from amanat.service.master_key import app_master_key
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
def search(
    session: ApiSessionDep,
    caller: ApiCaller,
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
    hits = records.search_people(session, caller, q, purpose, limit, born)
    answer = [{**asdict(hit), "reasons": list(hit.reasons)} for hit in hits]
    return json_answer(list[PersonHitPublic], committed(session, answer))


def _identity(
    request: Request, session: Session, caller: Caller, person_id: int, purpose: str
) -> IdentityPublic:
    revealed = reveal(session, app_master_key(request.app), caller.viewer, person_id, purpose)
    body = None if revealed.identity is None else IdentityBody(**asdict(revealed.identity))
    return IdentityPublic(
        person_id=person_id, pseudonym=revealed.pseudonym, revealed=body is not None, identity=body
    )


@router.get("/people/{record_id}/identity", response_model=IdentityPublic, responses=READ)
def person_identity(
    request: Request,
    session: ApiSessionDep,
    caller: ApiCaller,
    record_id: RecordId,
    purpose: Purpose,
) -> IdentityPublic:
    """A protected person's identity, if the vault's rules let you see it for this
    purpose; otherwise the pseudonym only.  Audited either way."""
    return committed(session, _identity(request, session, caller, record_id, purpose))


@router.get("/victims/{record_id}/identity", response_model=IdentityPublic, responses=READ)
def victim_identity(
    request: Request,
    session: ApiSessionDep,
    caller: ApiCaller,
    record_id: RecordId,
    purpose: Purpose,
) -> IdentityPublic:
    """The identity of a victim's person (see ``/people/{id}/identity``)."""
    victim = records.get_record(session, caller, "victim", record_id, purpose)
    if victim.person_id is None:
        raise NotFound(f"victim {record_id} has no person")
    return committed(session, _identity(request, session, caller, victim.person_id, purpose))

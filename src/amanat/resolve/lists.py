"""Lists held in the register that outside registries are screened against.

Each list is a query over person records, always within what the user may see:

- ``wanted``: suspects and accused not yet arrested, extradited or tried in their case;
- ``suspects``: everyone in a perpetrator role (suspect, accused, convicted, facilitator);
- ``convicted``; ``officials``: public officials named in cases;
- ``victims``: victims whose sealed identity the user may reveal for the stated purpose
  (read through the identity vault, one audited reveal each; needs the master key);
- ``all``: every person record the user may see.

A list of missing persons needs a record kind the register does not have yet; see
docs/resolution.md.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import ColumnElement, Select, exists, select
from sqlalchemy.orm import Session

from amanat.access.identity_vault import reveal
from amanat.access.vault import MasterKey
from amanat.access.visibility import Viewer, visible
from amanat.register import CaseRole, Organisation, Person, PipelineEvent, Victim
from amanat.resolve.records import PersonRecord, read_people

PERPETRATOR_ROLES = ("suspect", "accused", "convicted", "facilitator")
# Stages after which a suspect is no longer sought.
FOUND_STAGES = ("arrested", "extradited", "convicted", "acquitted", "dismissed", "sentenced")


def _in_roles(viewer: Viewer, roles: tuple[str, ...], *extra: ColumnElement[bool]) -> Select[int]:
    return select(CaseRole.person_id).where(
        CaseRole.role.in_(roles), CaseRole.deleted_at.is_(None), visible(CaseRole, viewer), *extra
    )


def wanted(viewer: Viewer) -> Select[int]:
    found = exists().where(
        PipelineEvent.case_id == CaseRole.case_id,
        PipelineEvent.person_id == CaseRole.person_id,
        PipelineEvent.stage.in_(FOUND_STAGES),
    )
    return _in_roles(viewer, ("suspect", "accused"), ~found)


def suspects(viewer: Viewer) -> Select[int]:
    return _in_roles(viewer, PERPETRATOR_ROLES)


def convicted(viewer: Viewer) -> Select[int]:
    return _in_roles(viewer, ("convicted",))


def officials(viewer: Viewer) -> Select[int]:
    return _in_roles(viewer, (*PERPETRATOR_ROLES, "witness"), CaseRole.is_public_official.is_(True))


PLAIN_LISTS: dict[str, Callable[[Viewer], Select[int]]] = {
    "wanted": wanted,
    "suspects": suspects,
    "convicted": convicted,
    "officials": officials,
}
LISTS = (*PLAIN_LISTS, "victims", "all")


class UnknownList(ValueError):
    pass


def _victims(
    session: Session, viewer: Viewer, master: MasterKey | None, purpose: str
) -> list[PersonRecord]:
    query = select(Victim.person_id).where(
        Victim.person_id.is_not(None), Victim.deleted_at.is_(None), visible(Victim, viewer)
    )
    # where each record was written: its phone numbers are read in that country
    written_in = {
        person: country
        for person, country in session.execute(
            select(Person.id, Organisation.country)
            .join(Organisation, Organisation.id == Person.org_id)
            .where(Person.id.in_(query))
        )
    }
    found: list[PersonRecord] = []
    for person_id in sorted({p for p in session.scalars(query) if p is not None}):
        identity = reveal(session, master, viewer, person_id, purpose).identity
        if identity is None or not identity.names:
            continue
        found.append(
            PersonRecord(
                person_id,
                str(identity.names[0].get("full_name", "")),
                None,
                identity.birth_year,
                identity.birth_month,
                identity.birth_day,
                tuple(identity.citizenships),
                tuple(
                    (str(d.get("doc_type", "other")), str(d.get("number", "")))
                    for d in identity.documents
                ),
                tuple(identity.phones),
                written_in=written_in.get(person_id),
            )
        )
    return found


def list_records(
    session: Session,
    viewer: Viewer,
    name: str,
    *,
    master: MasterKey | None = None,
    purpose: str = "assistance",
) -> list[PersonRecord]:
    """The person records on list ``name`` that ``viewer`` may see."""
    if name == "victims":
        return _victims(session, viewer, master, purpose)
    if name == "all":
        return list(read_people(session, viewer))
    query = PLAIN_LISTS.get(name)
    if query is None:
        raise UnknownList(f"unknown list {name!r}; lists: {', '.join(LISTS)}")
    return list(read_people(session, viewer, only_ids=query(viewer)))

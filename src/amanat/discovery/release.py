"""What a holder may release in answer to a request for information: sections of the
person records a reference hit, and the records linked to them.

A section is read from the live record when the asker looks (a release is a grant,
not a copy): what the holder corrects later is what the asker sees.  A protected
person's identity sections are never offered (her identity stays in the vault), and
a person who is no longer findable (a victim's consent withdrawn) is released in
nothing.  Linked records offered are the holder's own case roles and events of the
person, never a victim's or a witness's role.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanat.discovery.setting import NEVER_WITHOUT_CONSENT, unfindable
from amanat.register import CaseRole, PipelineEvent
from amanat.register.person import Person

SECTIONS = (
    "names",
    "birth",
    "sex",
    "citizenships",
    "documents",
    "phones",
    "addresses",
    "notes",
)
# What would name a protected person: never released in part.
IDENTITY = frozenset({"names", "birth", "documents", "phones", "addresses", "notes"})
LINKED_KINDS = ("case_role", "pipeline_event")


def offered_sections(person: Person) -> tuple[str, ...]:
    return tuple(s for s in SECTIONS if not (person.is_protected and s in IDENTITY))


def section(person: Person, name: str) -> list[str]:
    """One section of a person record as lines of text."""
    if name == "names":
        return [n.full_name for n in person.names]
    if name == "birth":
        return [person.birth_date_text] if person.birth_date_text else []
    if name == "sex":
        return [person.sex] if person.sex else []
    if name == "citizenships":
        return [c.country for c in person.citizenships]
    if name == "documents":
        return [
            " ".join(p for p in (d.doc_type, d.issuing_country, d.number) if p)
            for d in person.documents
        ]
    if name == "phones":
        return [p.number for p in person.phones]
    if name == "addresses":
        return [", ".join(p for p in (a.kind, a.line, a.country) if p) for a in person.addresses]
    if name == "notes":
        return [person.notes] if person.notes else []
    raise ValueError(f"no section {name!r}")


def releasable_persons(session: Session, person_ids: Iterable[int]) -> list[Person]:
    """The hit records still findable (a withdrawn consent takes a victim out)."""
    wanted = sorted(set(person_ids))
    closed = unfindable(session, wanted)
    found = session.scalars(
        select(Person).where(Person.id.in_(wanted), Person.deleted_at.is_(None))
    )
    return [p for p in found if p.id not in closed]


def linked_records(session: Session, org_id: int, person_ids: Iterable[int]) -> list[str]:
    """The holder's own records linked to the persons, as "kind:id"."""
    wanted = list(person_ids)
    roles = session.scalars(
        select(CaseRole.id).where(
            CaseRole.person_id.in_(wanted),
            CaseRole.org_id == org_id,
            CaseRole.deleted_at.is_(None),
            CaseRole.role.not_in(NEVER_WITHOUT_CONSENT),
        )
    )
    events = session.scalars(
        select(PipelineEvent.id).where(
            PipelineEvent.person_id.in_(wanted),
            PipelineEvent.org_id == org_id,
            PipelineEvent.deleted_at.is_(None),
        )
    )
    return [f"case_role:{i}" for i in sorted(roles)] + [
        f"pipeline_event:{i}" for i in sorted(events)
    ]


def split(text: str | None) -> list[str]:
    return [part for part in (text or "").split(",") if part]

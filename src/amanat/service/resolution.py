"""Resolution in the service: the review queue, judgements, undo, split and a person's
canonical entity, for the API and the web app alike.

Only roles with the ``resolve`` permission judge, undo and split (analysts); anyone who
reads records sees the members of a person's entity that they may see.  Protected persons
(victims, witnesses) are never linked on plaintext, so a pair, judgement or split that
names one is answered as absent, like a record the user may not see.  Every pair and
member shown is a read of those records, audited as list reads are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanat.access.reads import read_many, read_record
from amanat.access.roles import Permission
from amanat.access.sharing import NotFound
from amanat.access.visibility import Viewer
from amanat.actions.errors import FieldProblem
from amanat.register import Person
from amanat.resolve import canonical, judgements
from amanat.resolve.evidence import associate_evidence, explain
from amanat.resolve.models import Candidate, Judgement, JudgementSource, Verdict
from amanat.resolve.records import PersonRecord, read_people
from amanat.resolve.review import ReviewItem, next_items
from amanat.service.deps import Caller

KIND = "person"
MAX_QUEUE = 100
RECENT = 20


@dataclass(frozen=True)
class Entity:
    """A person record and the other records of its entity the viewer may see."""

    person_id: int
    entity_id: int  # the smallest member id the viewer may see: no hidden id leaves
    members: tuple[PersonRecord, ...]  # the others, in id order


@dataclass(frozen=True)
class Judged:
    judgement: Judgement
    left: PersonRecord
    right: PersonRecord


def _may_resolve(caller: Caller) -> None:
    caller.require(Permission.resolve, "records as one person")


def _audit_shown(session: Session, viewer: Viewer, ids: Iterable[int]) -> None:
    wanted = sorted(set(ids))
    if wanted:
        rows = list(session.scalars(select(Person).where(Person.id.in_(wanted))))
        read_many(session, viewer, rows)


def _linkable(session: Session, viewer: Viewer, ids: Iterable[int]) -> dict[int, PersonRecord]:
    """The records, each visible and unprotected, or ``NotFound`` (the same answer)."""
    wanted = set(ids)
    found = {r.id: r for r in read_people(session, viewer, only_ids=wanted)}
    if set(found) != wanted:
        raise NotFound("person not found")
    return found


def queue(session: Session, caller: Caller, limit: int = 20) -> list[ReviewItem]:
    """The open pairs whose two records the caller may see, most likely first."""
    _may_resolve(caller)
    if not 1 <= limit <= MAX_QUEUE:
        raise FieldProblem(("query", "limit"), f"must be between 1 and {MAX_QUEUE}", limit)
    items = next_items(session, caller.viewer, limit, KIND)
    _audit_shown(
        session, caller.viewer, (i for item in items for i in (item.left.id, item.right.id))
    )
    return items


def pair(session: Session, caller: Caller, candidate_id: int) -> ReviewItem:
    """One open pair with the evidence field by field; a judged pair is no longer open."""
    _may_resolve(caller)
    found = session.get(Candidate, candidate_id)
    if found is None or found.closed_at is not None or found.record_kind != KIND:
        raise NotFound(f"pair {candidate_id} not found")
    records = _linkable(session, caller.viewer, (found.left_id, found.right_id))
    left, right = records[found.left_id], records[found.right_id]
    _audit_shown(session, caller.viewer, records)
    evidence = (*explain(left, right), associate_evidence(found.associates))
    return ReviewItem(found.id, left, right, found.score, found.model_version, evidence)


def judge(
    session: Session,
    caller: Caller,
    a: int,
    b: int,
    verdict: Verdict | str,
    note: str | None = None,
) -> Judged:
    """Judge two records the same person, different people, or not decidable."""
    _may_resolve(caller)
    if a == b:
        raise FieldProblem(("body", "right_id"), "a record is always the same as itself", b)
    records = _linkable(session, caller.viewer, (a, b))
    made = judgements.judge(session, caller.viewer, KIND, a, b, verdict, note)
    return Judged(made, records[made.left_id], records[made.right_id])


def undo(session: Session, caller: Caller, judgement_id: int) -> Judged:
    """Undo a judgement in force, an analyst's or a run's automatic merge."""
    _may_resolve(caller)
    found = session.get(Judgement, judgement_id)
    if found is None or found.record_kind != KIND or found.undone_at is not None:
        raise NotFound(f"judgement {judgement_id} not found")
    records = _linkable(session, caller.viewer, (found.left_id, found.right_id))
    made = judgements.undo(session, caller.viewer, judgement_id)  # reopens a queued pair
    return Judged(made, records[made.left_id], records[made.right_id])


def split(session: Session, caller: Caller, person_id: int) -> list[Judged]:
    """Take a record out of its entity (judged different from the members the caller sees)."""
    _may_resolve(caller)
    _linkable(session, caller.viewer, (person_id,))
    try:
        made = judgements.split(session, caller.viewer, KIND, person_id)
    except judgements.JudgementError as exc:
        raise FieldProblem(("path", "record_id"), str(exc), person_id) from None
    records = _linkable(session, caller.viewer, {i for j in made for i in (j.left_id, j.right_id)})
    return [Judged(j, records[j.left_id], records[j.right_id]) for j in made]


def recent(session: Session, caller: Caller, limit: int = RECENT) -> list[Judged]:
    """The caller's own judgements in force, newest first (the ones they may undo)."""
    _may_resolve(caller)
    query = (
        select(Judgement)
        .where(Judgement.record_kind == KIND, Judgement.undone_at.is_(None))
        .where(Judgement.user_id == caller.viewer.user_id)
        .where(Judgement.source == JudgementSource.analyst.value)
        .order_by(Judgement.id.desc())
        .limit(limit)
    )
    made = list(session.scalars(query))
    ids = {i for j in made for i in (j.left_id, j.right_id)}
    records = {r.id: r for r in read_people(session, caller.viewer, only_ids=ids)}
    shown = [
        Judged(j, records[j.left_id], records[j.right_id])
        for j in made
        if j.left_id in records and j.right_id in records
    ]
    _audit_shown(session, caller.viewer, (i for j in shown for i in (j.left.id, j.right.id)))
    return shown


def entity(session: Session, caller: Caller, person_id: int, purpose: str | None = None) -> Entity:
    """The person's canonical entity: the other member records the caller may see."""
    caller.require(Permission.read, "people")
    person = read_record(session, caller.viewer, KIND, person_id, purpose)
    return entity_of(session, caller.viewer, person)


def entity_of(session: Session, viewer: Viewer, person: Person) -> Entity:
    """The entity of a person record already read (and audited) by the viewer."""
    if person.is_protected:  # never linked: always its own entity
        return Entity(person.id, person.id, ())
    ids = canonical.members(session, KIND, canonical.entity_of(session, KIND, person.id))
    others = [r for r in read_people(session, viewer, only_ids=ids) if r.id != person.id]
    _audit_shown(session, viewer, (r.id for r in others))
    return Entity(person.id, min([person.id, *(r.id for r in others)]), tuple(others))

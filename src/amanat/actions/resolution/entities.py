"""A person's canonical entity: the other records of the same person ("also recorded
as") that the caller may see.

Anyone who reads records sees the members they may see; a hidden member's id never
leaves (the entity is named by the smallest id the caller sees).  A protected person
is never linked, so always its own entity.  Each member shown is a read, audited as
list reads are.
"""

from __future__ import annotations

from dataclasses import dataclass

from amanat.access.reads import read_record
from amanat.access.roles import Permission
from amanat.access.sharing import NotFound
from amanat.actions.door import Audited, Context, Scope, action
from amanat.actions.resolution.review import KIND, audit_shown
from amanat.language.i18n import N_
from amanat.register import Person
from amanat.resolve import canonical
from amanat.resolve.records import PersonRecord, read_people


@dataclass(frozen=True)
class Entity:
    """A person record and the other records of its entity the caller may see."""

    person_id: int
    entity_id: int  # the smallest member id the caller may see: no hidden id leaves
    members: tuple[PersonRecord, ...]  # the others, in id order


def _members(ctx: Context, person: Person) -> Entity:
    if person.is_protected:  # never linked: always its own entity
        return Entity(person.id, person.id, ())
    ids = canonical.members(ctx.session, KIND, canonical.entity_of(ctx.session, KIND, person.id))
    others = [r for r in read_people(ctx.session, ctx.viewer, only_ids=ids) if r.id != person.id]
    audit_shown(ctx, (r.id for r in others))
    return Entity(person.id, min([person.id, *(r.id for r in others)]), tuple(others))


@action(
    "person.entity",
    "A person's canonical entity: the other records of the same person the caller may see",
    scope=Scope.visible_records,
    permission=Permission.read,
    read_only=True,
    audit="read",
    audited=Audited.reads,
)
def entity(ctx: Context, person_id: int, purpose: str | None = None) -> Entity:
    if not 0 < person_id < 2**63:
        raise NotFound(N_("person %(person_id)s not found"), person_id=person_id)
    person = read_record(ctx.session, ctx.viewer, KIND, person_id, purpose)
    return _members(ctx, person)


@action(
    "person.also_recorded_as",
    "For a person record the caller has just read: the other records of the same person "
    "they may see",
    scope=Scope.visible_records,
    permission=Permission.read,
    read_only=True,
    audit="read",
    audited=Audited.reads,
)
def also_recorded_as(ctx: Context, person: Person) -> Entity:
    """``person``: read (and audited) by ``record.read`` in the same request."""
    return _members(ctx, person)

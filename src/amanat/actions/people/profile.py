"""A person's merged profile, as Aleph shows an entity: every record of the same person
(the canonical entity resolution drew, ``amanat.resolve.canonical``) that the caller may
see, with its facts and its provenance, to be shown side by side.

Records the caller may not see are not read, and nothing says they exist: denied looks
like absent.  A protected person is never linked, so its profile is its own record.
Each record of another organisation shown is a read, audited as list reads are.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from amanat.access.reads import read_many
from amanat.access.roles import Permission
from amanat.access.visibility import visible
from amanat.actions.door import Audited, Context, Scope, action
from amanat.register import Person
from amanat.resolve import canonical

KIND = "person"
CHILDREN = (Person.names, Person.citizenships, Person.documents, Person.phones, Person.addresses)
PURPOSE = "a person's profile: the other records of the same person"


@action(
    "person.profile",
    "For a person record the caller has just read: every record of the same person they "
    "may see, with its facts and provenance (a merged profile)",
    scope=Scope.visible_records,
    permission=Permission.read,
    read_only=True,
    audit="read",
    audited=Audited.reads,
)
def profile(ctx: Context, person: Person) -> list[Person]:
    """``person`` (read and audited by ``record.read`` in the same request) first, then
    the other records of its entity the caller may see, in id order."""
    if person.is_protected:
        return [person]
    session = ctx.session
    ids = canonical.members(session, KIND, canonical.entity_of(session, KIND, person.id))
    others = [i for i in ids if i != person.id]
    if not others:
        return [person]
    query = (
        select(Person)
        .where(Person.id.in_(others), Person.is_protected.is_(False), visible(Person, ctx.viewer))
        .options(*(selectinload(child) for child in CHILDREN))
        .order_by(Person.id)
    )
    found = list(session.scalars(query))
    read_many(session, ctx.viewer, found, PURPOSE)
    return [person, *found]

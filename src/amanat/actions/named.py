"""The records a page names by id — a case role's person, a relationship's ends, a
victim's case — as far as the caller may see them, with the pseudonyms that stand
for protected persons.

A name belongs to its record: each record named is a read, audited like any list
(``access.reads.read_many``).  A record the caller may not see is left out, and
nothing tells it apart from one that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from amanat.access.identity_vault import ProtectedIdentity
from amanat.access.reads import read_many
from amanat.access.visibility import visible
from amanat.actions.door import Audited, Context, Scope, action
from amanat.actions.records.kinds import record_model
from amanat.register import Person

BIGGEST_ID = 2**63 - 1


@dataclass(frozen=True)
class Named:
    # kind -> id -> the record, for the records the caller may see.
    records: dict[str, dict[int, Any]]
    # person id -> pseudonym, for the protected persons named and victims' persons.
    pseudonyms: dict[int, str]

    def of(self, kind: str) -> dict[int, Any]:
        return self.records.get(kind, {})


def pseudonyms_of(session: Session, person_ids: Iterable[int | None]) -> dict[int, str]:
    """The pseudonyms of protected persons.  Only for persons of records the caller
    has read: a pseudonym is shown with every record of its person, never alone."""
    wanted = sorted({i for i in person_ids if i is not None})
    if not wanted:
        return {}
    query = select(ProtectedIdentity.person_id, ProtectedIdentity.pseudonym).where(
        ProtectedIdentity.person_id.in_(wanted)
    )
    return {person_id: pseudonym for person_id, pseudonym in session.execute(query)}


def victim_pseudonyms(session: Session, victims: Iterable[Any]) -> dict[int, str]:
    """victim id -> the pseudonym of its person (``V#id`` when it has none)."""
    victims = list(victims)
    found = pseudonyms_of(session, [v.person_id for v in victims])
    return {v.id: found.get(v.person_id or 0, f"V#{v.id}") for v in victims}


def _ids(ids: Iterable[int | None]) -> list[int]:
    return sorted({i for i in ids if i is not None and 0 < i <= BIGGEST_ID})


@action(
    "record.named",
    "The records of each kind with the ids a page names (a case role's person, a "
    "relationship's ends), as far as the caller may see them, with protected persons' "
    "pseudonyms",
    scope=Scope.visible_records,
    read_only=True,
    audit="read",
    audited=Audited.reads,
)
def named(
    ctx: Context, wanted: Mapping[str, Iterable[int | None]], purpose: str | None = None
) -> Named:
    found: dict[str, dict[int, Any]] = {}
    for kind, given in wanted.items():
        model = record_model(kind)
        ids = _ids(given)
        if not ids:
            continue
        query = select(model).where(model.id.in_(ids), visible(model, ctx.viewer))
        if model is Person:  # a person is named by its first name
            query = query.options(selectinload(Person.names))
        found[kind] = {row.id: row for row in ctx.session.scalars(query.order_by(model.id))}
    read_many(
        ctx.session, ctx.viewer, [r for rows in found.values() for r in rows.values()], purpose
    )
    persons = [p.id for p in found.get("person", {}).values() if p.is_protected]
    persons += [v.person_id for v in found.get("victim", {}).values()]
    return Named(found, pseudonyms_of(ctx.session, persons))

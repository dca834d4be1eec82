"""Names to show for the vertices an analysis points at — fetched only for those.

A protected person (victim or witness) is never named; others show the first
primary name the user may see.  Labels are looked up by record id, so resolved
entities show the name of their first record.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine, func, select

from amanat.analyze.scope import Scope
from amanat.register import Case, CriminalGroup, Person, PersonName, Phone, Place, Vehicle

CHUNK = 900


def _queries(scope: Scope, kind: str, ids: list[int]) -> object:
    if kind == "person":
        first = (
            select(PersonName.person_id, func.min(PersonName.id).label("name_id"))
            .where(PersonName.person_id.in_(ids), PersonName.kind == "primary")
            .group_by(PersonName.person_id)
            .subquery()
        )
        return (
            select(Person.id, PersonName.full_name)
            .join(first, first.c.person_id == Person.id)
            .join(PersonName, PersonName.id == first.c.name_id)
            .where(scope.admits(Person), Person.is_protected.is_(False))
        )
    column = {
        "group": (CriminalGroup, CriminalGroup.name),
        "vehicle": (Vehicle, Vehicle.plate),
        "phone": (Phone, Phone.number),
        "place": (Place, Place.name),
        "case": (Case, Case.case_number),
    }[kind]
    model: Any
    model, shown = column
    return select(model.id, shown).where(model.id.in_(ids), scope.admits(model))


def labels(
    engine: Engine, scope: Scope, keys: Iterable[tuple[str, int]]
) -> dict[tuple[str, int], str]:
    """``(kind, record id)`` → a label; missing when nothing may be shown."""
    wanted: dict[str, set[int]] = {}
    for kind, record_id in keys:
        wanted.setdefault(kind, set()).add(int(record_id))
    found: dict[tuple[str, int], str] = {}
    with engine.connect() as connection:
        for kind, ids in wanted.items():
            ordered = sorted(ids)
            for start in range(0, len(ordered), CHUNK):
                query = _queries(scope, kind, ordered[start : start + CHUNK])
                for record_id, text in connection.execute(query):  # type: ignore[call-overload]
                    if text:
                        found[(kind, record_id)] = str(text)
    return found

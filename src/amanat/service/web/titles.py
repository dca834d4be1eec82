"""How records are named on pages: a case by its number, a person by a name, a
victim or witness by a pseudonym — never by the sealed identity.

References are named only when the viewer may see the record they point at: a
visible case role must not tell a name its person record does not share.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanat.access.identity_vault import ProtectedIdentity
from amanat.access.visibility import Viewer, visible
from amanat.actions.records.kinds import KIND_BY_NAME
from amanat.register import Organisation, Person, PersonName, Victim
from amanat.service.web import labels


def record_url(kind: str, record_id: int) -> str | None:
    found = KIND_BY_NAME.get(kind)
    return f"/{found.path}/{record_id}" if found is not None else None


def person_titles(session: Session, viewer: Viewer, ids: Iterable[int | None]) -> dict[int, str]:
    """A name for each visible person: the first name recorded, or the pseudonym of a
    protected person.  Persons the viewer may not see are left out."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    rows = session.execute(
        select(Person.id, Person.is_protected).where(Person.id.in_(wanted), visible(Person, viewer))
    )
    shown = dict(rows.all())
    titles: dict[int, str] = {}
    plain = [i for i, protected in shown.items() if not protected]
    if plain:
        names = session.execute(
            select(PersonName.person_id, PersonName.full_name)
            .where(PersonName.person_id.in_(plain))
            .order_by(PersonName.id)
        )
        for person_id, full_name in names:
            titles.setdefault(person_id, full_name)
    titles.update(pseudonyms(session, [i for i, protected in shown.items() if protected]))
    for person_id in shown:
        titles.setdefault(person_id, f"#{person_id}")
    return titles


def pseudonyms(session: Session, person_ids: Iterable[int | None]) -> dict[int, str]:
    wanted = sorted({i for i in person_ids if i is not None})
    if not wanted:
        return {}
    query = select(ProtectedIdentity.person_id, ProtectedIdentity.pseudonym).where(
        ProtectedIdentity.person_id.in_(wanted)
    )
    return dict(session.execute(query).all())


def victim_pseudonyms(session: Session, victims: Iterable[Victim]) -> dict[int, str]:
    """victim id -> the pseudonym of its person (or ``V#id`` when it has none)."""
    victims = list(victims)
    found = pseudonyms(session, [v.person_id for v in victims])
    return {v.id: found.get(v.person_id or 0, f"V#{v.id}") for v in victims}


def organisation_names(session: Session) -> dict[int, str]:
    """Every organisation's name: the directory is open to all users, and small."""
    rows = session.execute(select(Organisation.id, Organisation.name))
    return dict(rows.all())


def record_title(kind: str, record: Any, lang: str) -> str:
    """A short name for a record that is not a person."""
    if kind == "case":
        parts = [p for p in (record.case_number, record.title) if p]
        return " — ".join(parts) if parts else f"#{record.id}"
    if kind in ("group", "place"):
        return str(record.name)
    if kind == "source":
        return str(record.title)
    if kind == "seizure":
        country = labels.label("country", record.country, lang)
        return f"{record.seized_on.isoformat()} · {country}"
    if kind == "weapon":
        kind_label = labels.label("weapon_type", record.weapon_type, lang)
        return f"{kind_label} {record.serial_number or ''}".strip()
    if kind == "vehicle":
        return str(record.plate or record.vin or f"#{record.id}")
    if kind == "phone":
        return str(record.number)
    if kind == "pipeline_event":
        return labels.label("pipeline_stage", record.stage, lang)
    return f"#{record.id}"


def titles_of(
    session: Session, viewer: Viewer, kind: str, ids: Iterable[int | None], lang: str
) -> dict[int, str]:
    """Titles of the records of ``kind`` with these ids that ``viewer`` may see."""
    if kind == "person":
        return person_titles(session, viewer, ids)
    wanted = sorted({i for i in ids if i is not None})
    found = KIND_BY_NAME.get(kind)
    if not wanted or found is None:
        return {}
    model = found.model
    rows = session.scalars(select(model).where(model.id.in_(wanted), visible(model, viewer)))
    if kind == "victim":
        return victim_pseudonyms(session, rows)
    return {row.id: record_title(kind, row, lang) for row in rows}

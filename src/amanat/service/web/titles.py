"""How records are named on pages: a case by its number, a person by a name, a
victim or witness by a pseudonym — never by the sealed identity.

Titles are made from what the actions returned (``record.named``, ``record.view``):
a reference is named only when the viewer may see the record it points at, so a
visible case role does not tell a name its person record does not share.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from amanat.actions import records
from amanat.actions.door import Context
from amanat.actions.named import Named
from amanat.actions.records.kinds import KIND_BY_NAME
from amanat.register import Organisation
from amanat.service.web import labels


def record_url(kind: str, record_id: int) -> str | None:
    found = KIND_BY_NAME.get(kind)
    return f"/{found.path}/{record_id}" if found is not None else None


def person_title(person: Any, pseudonyms: Mapping[int, str]) -> str:
    """The first name recorded, or the pseudonym of a protected person."""
    if person.is_protected:
        return pseudonyms.get(person.id, f"#{person.id}")
    return str(person.names[0].full_name) if person.names else f"#{person.id}"


def victim_title(victim: Any, pseudonyms: Mapping[int, str]) -> str:
    """The pseudonym of the victim's person (``V#id`` when it has none)."""
    return pseudonyms.get(victim.person_id or 0, f"V#{victim.id}")


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


def title_of(kind: str, record: Any, pseudonyms: Mapping[int, str], lang: str) -> str:
    if kind == "person":
        return person_title(record, pseudonyms)
    if kind == "victim":
        return victim_title(record, pseudonyms)
    return record_title(kind, record, lang)


def titles_from(named: Named, kind: str, lang: str) -> dict[int, str]:
    """Titles of the records of ``kind`` that ``record.named`` found."""
    return {
        record_id: title_of(kind, record, named.pseudonyms, lang)
        for record_id, record in named.of(kind).items()
    }


# What ``organisations`` and ``directory`` run.
DIRECTORY = records.list_organisations


def organisations(ctx: Context) -> list[Organisation]:
    """The directory of organisations (``organisation.list``: open to all users, and
    small), every page of it."""
    found: list[Organisation] = []
    cursor: str | None = None
    while True:
        page = records.list_organisations(ctx, cursor)
        found.extend(page.items)
        if page.next_cursor is None:
            return found
        cursor = page.next_cursor


def directory(ctx: Context, lang: str) -> dict[int, str]:
    """Every organisation's name for a reader of ``lang``, by id."""
    return {org.id: org.name_in(lang) for org in organisations(ctx)}

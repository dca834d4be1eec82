"""Records as readers see them, with a protected person's identity left out.

A protected person (victim, witness) is shown by pseudonym only, whatever the
plaintext tables hold: names, documents, phones, addresses, date of birth and
notes are blanked here, on every path that shows a person, so that no response can
carry them.  The identity is revealed only through the vault's ``reveal``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, class_mapper

from amanat.access.identity_vault import ProtectedIdentity
from amanat.actions.records.kinds import children
from amanat.register import Person
from amanat.register.system import Shown, hidden_from

HIDDEN_WHEN_PROTECTED: dict[str, Any] = {
    "names": [],
    "citizenships": [],
    "documents": [],
    "phones": [],
    "addresses": [],
    "birth_year": None,
    "birth_month": None,
    "birth_day": None,
    "birth_place_id": None,
    "notes": None,
}


def _plain(record: Any) -> dict[str, Any]:
    model = type(record)
    hidden = hidden_from(model, Shown.ANSWER)
    data = {
        attr.key: getattr(record, attr.key)
        for attr in class_mapper(model).column_attrs
        if attr.key not in hidden
    }
    for key in children(model):
        data[key] = [_plain(child) for child in getattr(record, key)]
    return data


def _person(record: Person, pseudonym: str | None) -> dict[str, Any]:
    if record.is_protected:
        data = _plain_person_fields(record)
        data.update(HIDDEN_WHEN_PROTECTED)
        data["pseudonym"] = pseudonym
        data["display_name"] = pseudonym or f"protected person {record.id}"
        return data
    data = _plain(record)
    primary = [n.full_name for n in record.names if n.kind == "primary"]
    shown = primary or [n.full_name for n in record.names]
    data["pseudonym"] = None
    data["display_name"] = shown[0] if shown else f"person {record.id}"
    return data


def _plain_person_fields(record: Person) -> dict[str, Any]:
    # Columns only: the child lists of a protected person are never even loaded.
    hidden = hidden_from(Person, Shown.ANSWER)
    return {
        attr.key: getattr(record, attr.key)
        for attr in class_mapper(Person).column_attrs
        if attr.key not in hidden
    }


def publish(session: Session, records: Sequence[Any]) -> list[dict[str, Any]]:
    """The Public form of each record (any kinds, in order)."""
    protected = [r.id for r in records if isinstance(r, Person) and r.is_protected]
    pseudonyms: dict[int, str] = {}
    if protected:
        query = select(ProtectedIdentity.person_id, ProtectedIdentity.pseudonym)
        rows = session.execute(query.where(ProtectedIdentity.person_id.in_(protected)))
        pseudonyms = dict(rows.all())
    return [
        _person(r, pseudonyms.get(r.id)) if isinstance(r, Person) else _plain(r) for r in records
    ]


def publish_one(session: Session, record: Any) -> dict[str, Any]:
    return publish(session, [record])[0]

"""What a record is linked to: the records that point at it, and the ones it points at.

Each linked record is filtered by its own marking (a visible case does not reveal
a victim that is not), capped per link, and audited like any list.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from amanat.access.reads import read_many, read_record
from amanat.access.visibility import Viewer, record_kind, visible
from amanat.actions.records.kinds import child_loads, is_record, per_model, record_model
from amanat.actions.records.references import reference_targets
from amanat.register import (
    Case,
    CaseRole,
    Charge,
    PipelineEvent,
    Relationship,
    Seizure,
    Victim,
    Weapon,
)

MAX_PER_LINK = 200
INCOMING_KINDS = {
    "roles": "case_role",
    "events": "pipeline_event",
    "victims": "victim",
    "seizures": "seizure",
    "relationships": "relationship",
    "weapons": "weapon",
    "same_serial_number": "weapon",
    "charges": "charge",
}


def _incoming(kind: str, record: Any) -> dict[str, tuple[type[Any], ColumnElement[bool]]]:
    """Records of other kinds that point at ``record``, by link name."""
    rid = record.id
    if kind == "case":
        return {
            "roles": (CaseRole, CaseRole.case_id == rid),
            "events": (PipelineEvent, PipelineEvent.case_id == rid),
            "victims": (Victim, Victim.case_id == rid),
            "seizures": (Seizure, Seizure.case_id == rid),
        }
    if kind == "person":
        return {
            "roles": (CaseRole, CaseRole.person_id == rid),
            "events": (PipelineEvent, PipelineEvent.person_id == rid),
            "victims": (Victim, Victim.person_id == rid),
            "relationships": (
                Relationship,
                or_(Relationship.from_person_id == rid, Relationship.to_person_id == rid),
            ),
        }
    if kind == "group":
        return {
            "relationships": (
                Relationship,
                or_(Relationship.from_group_id == rid, Relationship.to_group_id == rid),
            )
        }
    if kind in ("vehicle", "phone"):
        column = getattr(Relationship, f"to_{kind}_id")
        return {"relationships": (Relationship, column == rid)}
    if kind in ("seizure", "storage_loss"):
        return {"weapons": (Weapon, getattr(Weapon, f"{kind}_id") == rid)}
    if kind == "weapon" and record.serial_number:
        # The same serial number seen elsewhere: a seized weapon traced to a depot.
        same = (Weapon.serial_number == record.serial_number) & (Weapon.id != rid)
        return {"same_serial_number": (Weapon, same)}
    return {}


def _visible_rows(
    session: Session, viewer: Viewer, model: type[Any], where: ColumnElement[bool]
) -> list[Any]:
    query = (
        select(model)
        .where(where, visible(model, viewer))
        .order_by(model.id)
        .limit(MAX_PER_LINK)
        .options(*child_loads(model))
    )
    return list(session.scalars(query))


@per_model
def _outgoing_names(model: type[Any]) -> dict[str, str]:
    """Reference column -> link name ("case_id" -> "case", "to_person_id" -> "to_person")."""
    return {column: column.removesuffix("_id") for column in reference_targets(model)}


def link_kind(kind: str, link: str) -> str:
    """The kind of the records in link ``link`` of a record of ``kind``."""
    if link in INCOMING_KINDS:
        return INCOMING_KINDS[link]
    return record_kind(reference_targets(record_model(kind))[f"{link}_id"])


def links_of(session: Session, viewer: Viewer, kind: str, record_id: int) -> dict[str, list[Any]]:
    """The records linked to one record, each list filtered by its own visibility."""
    record_model(kind)
    record = read_record(session, viewer, kind, record_id)
    return links_from(session, viewer, kind, record)


def links_from(session: Session, viewer: Viewer, kind: str, record: Any) -> dict[str, list[Any]]:
    """``links_of`` for a record already read (and audited) by the caller."""
    links: dict[str, list[Any]] = {}
    for name, (model, where) in _incoming(kind, record).items():
        links[name] = _visible_rows(session, viewer, model, where)
    if kind == "case":
        links["charges"] = list(record.charges)  # part of the case, not records of their own
    if kind == "person":
        charged = select(Case.id).where(visible(Case, viewer))
        links["charges"] = list(
            session.scalars(
                select(Charge)
                .where(Charge.person_id == record.id, Charge.case_id.in_(charged))
                .order_by(Charge.id)
                .limit(MAX_PER_LINK)
            )
        )
    targets = reference_targets(type(record))
    for column, name in _outgoing_names(type(record)).items():
        target = getattr(record, column)
        model = targets[column]
        rows = [] if target is None else _visible_rows(session, viewer, model, model.id == target)
        links[name] = rows
    shown = [row for rows in links.values() for row in rows if is_record(type(row))]
    read_many(session, viewer, shown)
    return links

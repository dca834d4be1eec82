"""The fields a profile may map a column to, for each kind of record.

A field is a column of the record (``sex``, ``seized_on``), a column of one of its
parts written ``part.column`` (``name.family``, ``drug.quantity_kg``; a bare part name
means its main column: ``citizenship``, ``phone``), with a number for a second
instance of the part (``name2.full_name``), or ``birth_date`` for a person's partial
date of birth.  Columns that point at another record (``case_id``) take that record's
id in the submitting organisation's own system; ``*_org_id`` columns take an
organisation code.  A victim's identity (``name.*``, ``birth_date``, ``document.*``,
``phone``, ``address.*``) goes to a protected person, sealed in the vault.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Column
from sqlalchemy.orm import class_mapper

from amanat.intake.problems import IntakeError
from amanat.register import RECORD_KINDS, Base
from amanat.register.system import system_fields

# Part names as profiles write them → the relationship holding the parts.
PARTS: dict[str, dict[str, str]] = {
    "person": {
        "name": "names",
        "citizenship": "citizenships",
        "document": "documents",
        "phone": "phones",
        "address": "addresses",
    },
    "victim": {
        "exploitation": "exploitation",
        "control": "means_of_control",
        "movement": "movements",
        "assistance": "assistance",
        "consent": "consents",
    },
    "case": {"charge": "charges"},
    "seizure": {"drug": "drugs"},
}
# The column a bare part name fills.
MAIN_COLUMN = {
    "person_name": "full_name",
    "citizenship": "country",
    "identity_document": "number",
    "person_phone": "number",
    "person_address": "line",
    "victim_exploitation": "form",
    "victim_control": "means",
    "movement": "country",
    "assistance": "kind",
    "consent": "purpose",
    "charge": "article",
    "seized_drug": "substance",
}
IDENTITY_PARTS = ("name", "document", "phone", "address")
_TARGET = re.compile(r"^(?P<name>[a-z_]+?)(?P<number>\d*)(?:\.(?P<column>[a-z_]+))?$")


def importable_kinds() -> list[str]:
    return [kind for kind, model in RECORD_KINDS.items() if hasattr(model, "org_id")]


@dataclass(frozen=True)
class Target:
    """Where a column's values go."""

    text: str
    table: str  # the table of the column written
    column: Column[Any] | None  # None for birth_date
    part: str | None = None  # relationship key of the part, None for the record itself
    instance: int = 1
    identity: bool = False  # into the protected person's sealed identity
    ref: str | None = None  # kind (or "organisation") a reference column points at

    @property
    def is_birth_date(self) -> bool:
        return self.column is None


def model_of(kind: str) -> type[Base]:
    model = RECORD_KINDS.get(kind)
    if model is None or kind not in importable_kinds():
        raise IntakeError(
            "bad_profile",
            text=f"{kind!r} is not a kind of record; one of {', '.join(importable_kinds())}",
        )
    return model


def _columns(model: type[Base]) -> dict[str, Column[Any]]:
    return {c.key: c for c in Base.metadata.tables[str(model.__tablename__)].columns}


@cache
def _kind_of_table() -> dict[str, str]:
    return {str(m.__tablename__): k for k, m in RECORD_KINDS.items() if hasattr(m, "org_id")}


def reference_kind(column: Column[Any]) -> str | None:
    """What a foreign-key column points at: a kind of record, "organisation", or None
    for a column that is not a reference."""
    for key in column.foreign_keys:
        table = key.column.table.name
        if table == "organisation":
            return "organisation"
        return _kind_of_table().get(table, "")
    return None


def _part_model(kind: str, name: str) -> tuple[str, type[Base]]:
    relation = PARTS.get(kind, {}).get(name)
    if relation is None:
        raise KeyError(name)
    owner = model_of(kind)
    return relation, class_mapper(owner).relationships[relation].mapper.class_


def _column_of(model: type[Base], name: str, text: str, kind: str) -> Column[Any]:
    column = _columns(model).get(name)
    # System fields are set by the register or by the import itself, never by a column.
    if column is None or name in system_fields(model):
        raise IntakeError("bad_profile", text=f"{text!r} is not a field of {kind}")
    return column


def resolve(kind: str, text: str) -> Target:
    """The target a profile's field name stands for; ``IntakeError`` if there is none."""
    model = model_of(kind)
    found = _TARGET.match(text.strip())
    if found is None:
        raise IntakeError("bad_profile", text=f"{text!r} is not a field name")
    name, number, column_name = found["name"], found["number"], found["column"]
    owner = "person" if kind == "victim" and name in (*IDENTITY_PARTS, "birth_date") else kind
    identity = owner != kind
    if name == "birth_date" and column_name is None:
        if owner != "person":
            raise IntakeError("bad_profile", text=f"{text!r} is not a field of {kind}")
        return Target(text, "person", None, identity=identity)
    if column_name is None and not number and name in _columns(model):
        column = _column_of(model, name, text, kind)
        return Target(text, str(model.__tablename__), column, ref=reference_kind(column))
    try:
        relation, part = _part_model(owner, name)
    except KeyError:
        raise IntakeError("bad_profile", text=f"{text!r} is not a field of {kind}") from None
    table = str(part.__tablename__)
    column = _column_of(part, column_name or MAIN_COLUMN[table], text, kind)
    if column.key == parent_column(part, str(model_of(owner).__tablename__)):
        raise IntakeError("bad_profile", text=f"{text!r} is set by the import, not by a column")
    return Target(
        text,
        table,
        column,
        part=relation,
        instance=int(number or 1),
        identity=identity,
        ref=reference_kind(column),
    )


def field_names(kind: str) -> list[str]:
    """Every field name a profile may use for ``kind``, for help and suggestions."""
    model = model_of(kind)
    names = [c for c in _columns(model) if c not in system_fields(model)]
    owners = dict.fromkeys(PARTS.get(kind, {}), kind)
    if kind in ("person", "victim"):
        names.append("birth_date")
    if kind == "victim":
        owners.update(dict.fromkeys(IDENTITY_PARTS, "person"))
    for name, owner in owners.items():
        _, child = _part_model(owner, name)
        parent = parent_column(child, str(model_of(owner).__tablename__))
        mapped = [c for c in _columns(child) if c != parent and c not in system_fields(child)]
        names += [f"{name}.{c}" for c in mapped]
    return names


def parent_column(part: type[Base], owner_table: str) -> str:
    """The column of a part that links it to the record it belongs to."""
    for column in _columns(part).values():
        if any(key.column.table.name == owner_table for key in column.foreign_keys):
            return str(column.key)
    raise LookupError(f"{part.__tablename__} has no link to {owner_table}")

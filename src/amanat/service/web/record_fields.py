"""Which fields of a record its edit form offers, and how each is read and shown.

The kind of input follows the column (a vocabulary is a select list, a date a date
field), and every value is read by the column's own converter, so the form takes and
refuses a value as the API and an import do.  Identity stays out:
a person's names and documents, and a protected person's birth date, are sealed in
the vault and changed only through it; a victim's form has her case's facts only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Column

from amanat.actions.records.changes import SEALED_FIELDS
from amanat.actions.records.kinds import model_of
from amanat.language import i18n
from amanat.register.converters import ColumnType, converter
from amanat.service.web import labels
from amanat.service.web.form_input import FormInput
from amanat.service.web.record_facts import NO, YES

EDITABLE: dict[str, tuple[str, ...]] = {
    "case": (
        "case_type",
        "jurisdiction",
        "case_number",
        "title",
        "status",
        "opened_on",
        "closed_on",
        "summary",
    ),
    "person": ("sex", "gender_identity", "birth_year", "birth_month", "birth_day", "notes"),
    "pipeline_event": (
        "stage",
        "occurred_on",
        "sentence_months",
        "fine_amount",
        "fine_currency",
        "confiscation",
        "appeal_outcome",
        "from_country",
        "to_country",
        "court",
        "detail",
    ),
    "victim": (
        "trafficking_status",
        "status_decided_by",
        "sex",
        "gender_identity",
        "age_at_exploitation",
        "citizenship",
        "recruitment_method",
        "recruiter_relationship",
        "identified_on",
        "charged_with_offence",
        "charged_offence",
    ),
    "seizure": (
        "seized_on",
        "country",
        "ammunition_rounds",
        "cash_amount",
        "cash_currency",
        "origin_country",
        "destination_country",
        "concealment",
    ),
    "weapon": ("weapon_type", "make", "model", "calibre", "serial_number", "manufactured_year"),
    "group": ("kind", "name", "alias", "country", "registration_number", "description"),
    "vehicle": ("plate", "plate_country", "vin", "make", "model", "colour", "year"),
    "phone": ("number", "country", "imei", "operator"),
    "place": (
        "kind",
        "name",
        "name_ru",
        "country",
        "region",
        "district",
        "city",
        "latitude",
        "longitude",
    ),
}
BIGGEST = 2**31 - 1
INPUTS = {
    ColumnType.CODE: "vocab",
    ColumnType.DATE: "date",
    ColumnType.YES_NO: "flag",
    ColumnType.WHOLE: "integer",
    ColumnType.REFERENCE: "integer",
    ColumnType.DECIMAL: "decimal",
}


@dataclass(frozen=True)
class Field:
    name: str
    input: str  # vocab, date, integer, decimal, flag, text, textarea
    required: bool
    column: Column[Any]
    vocab: str | None = None
    limit: int = 2000


def _field(model: type[Any], name: str) -> Field:
    column = model.__table__.c[name]
    required = not column.nullable
    convert = converter(column)
    vocab = column.info.get("vocabulary")
    if convert.type is ColumnType.YES_NO:
        return Field(name, "flag", False, column)
    if convert.type is ColumnType.TEXT:
        # A text of unlimited length (notes, a summary) is a box of several lines.
        lines = "text" if getattr(column.type, "length", None) else "textarea"
        return Field(name, lines, required, column, limit=convert.length or 0)
    kind = INPUTS[convert.type]
    return Field(name, kind, required, column, vocab=str(vocab) if vocab else None)


def fields_of(kind: str, record: Any) -> list[Field]:
    """The fields a form shows; none for the kinds that are deleted but not edited
    here (sources, case roles, storage losses, relationships)."""
    model = model_of(kind)
    names = EDITABLE.get(kind, ())
    if getattr(record, "is_protected", False):
        names = tuple(n for n in names if n not in SEALED_FIELDS)
    return [_field(model, name) for name in names]


def form_value(value: Any) -> str:
    """A stored value as the form shows it."""
    if value is None or value is False:
        return ""
    if value is True:
        return "on"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def prefilled(record: Any, fields: list[Field]) -> dict[str, str]:
    return {f.name: form_value(getattr(record, f.name)) for f in fields}


def _read(form: FormInput, field: Field, current: Any) -> Any:
    if field.input == "flag" and not form.raw(field.name):
        # An unticked box on a field never answered leaves it unanswered.
        return None if current is None else False
    return form.field(field.name, field.column, required=field.required)


def _as_json(value: Any) -> Any:
    """The register's update reads JSON values (``service.changes``)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def changes(form: FormInput, record: Any, fields: list[Field]) -> dict[str, Any]:
    """The fields whose submitted value differs from the stored one (JSON values)."""
    found: dict[str, Any] = {}
    for field in fields:
        current = getattr(record, field.name)
        value = _read(form, field, current)
        if field.name in form.errors:
            continue
        if isinstance(current, Decimal) and value is not None:
            same = Decimal(value) == current
        else:
            same = value == current
        if not same:
            found[field.name] = _as_json(value)
    return found


def shown(field: Field, value: Any, lang: str) -> str:
    """A stored value as a page shows it, in the user's language."""
    if value is None or value == "":
        return "—"
    if field.vocab:
        return labels.label(field.vocab, str(value), lang)
    if isinstance(value, bool):
        return i18n.gettext(lang, YES if value else NO)
    if isinstance(value, dt.date):
        return i18n.date_text(value, lang)
    if isinstance(value, int | Decimal):
        return i18n.number_text(value, lang)
    return str(value)


def differing(
    record: Any, fields: list[Field], typed: Mapping[str, Any], lang: str
) -> list[tuple[str, str]]:
    """(field, value now stored) where the stored value differs from what was typed:
    what a colleague changed while the user was editing."""
    return [
        (f.name, shown(f, getattr(record, f.name), lang))
        for f in fields
        if form_value(getattr(record, f.name)) != str(typed.get(f.name, "") or "")
    ]

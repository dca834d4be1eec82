"""A record's own fields as labelled facts, its child lists as tables, and its
provenance (who asserted it, on what basis, how it may be shared).

Derived from the table, the same way for every kind, so a column added to the
register shows on its page without a template change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, Date, DateTime
from sqlalchemy.orm import class_mapper

from amanat.access.visibility import KIND_OF_MODEL
from amanat.actions.records.kinds import children, per_model
from amanat.actions.records.references import reference_targets
from amanat.language import i18n
from amanat.language.i18n import N_
from amanat.register.labels import field_label
from amanat.register.system import parent_keys, system_fields
from amanat.service.web import labels
from amanat.service.web.record_links import Names

ORGANISATION_COLUMNS = frozenset(
    {"official_employer_id", "provider_org_id", "granted_to_org_id", "to_organisation_id"}
)
YES, NO = N_("yes"), N_("no")
# The record's version (1 when new) as a person reads it: how often it was changed.
CHANGES, UNCHANGED = N_("Changes since it was recorded"), N_("none")


@dataclass(frozen=True)
class Fact:
    label: str
    text: str
    url: str | None = None


@dataclass(frozen=True)
class Table:
    title: str
    headers: list[str]
    rows: list[list[Fact]]


@per_model
def _columns(model: type[Any]) -> list[tuple[str, Any]]:
    return [(attr.key, attr.columns[0]) for attr in class_mapper(model).column_attrs]


def reference_kinds(model: type[Any]) -> dict[str, str]:
    """Reference column -> kind of the record it points at."""
    found = {c: KIND_OF_MODEL[m] for c, m in reference_targets(model).items() if m in KIND_OF_MODEL}
    found.update({c: "organisation" for c, _ in _columns(model) if c in ORGANISATION_COLUMNS})
    return found


def value_text(name: str, column: Any, value: Any, lang: str) -> str:
    if value is None or value == "":
        return ""
    vocabulary = column.info.get("vocabulary")
    if vocabulary:
        return labels.label(vocabulary, str(value), lang)
    if isinstance(column.type, Boolean):
        return i18n.gettext(lang, YES if value else NO)
    if isinstance(column.type, DateTime) or isinstance(value, dt.datetime):
        return i18n.datetime_text(value, lang)
    if isinstance(column.type, Date):
        return i18n.date_text(value, lang)
    if isinstance(value, int | float) and not name.endswith(("year", "month", "day")):
        return i18n.number_text(value, lang)
    return str(value)


def _fact(model: type[Any], record: Any, name: str, column: Any, names: Names) -> Fact | None:
    value = getattr(record, name)
    if value is None or value == "":
        return None
    label = i18n.gettext(names.lang, field_label(name))
    kind = reference_kinds(model).get(name)
    if kind is not None:
        title, url = names.of(kind, value)
        return Fact(label, title, url)
    return Fact(label, value_text(name, column, value, names.lang))


def facts_of(record: Any, names: Names, skip: frozenset[str] = frozenset()) -> list[Fact]:
    """The record's own fields that have a value (provenance apart)."""
    model = type(record)
    found = []
    provenance_apart = system_fields(model)  # shown by ``provenance``, or not at all
    for name, column in _columns(model):
        if name in provenance_apart or name in skip:
            continue
        fact = _fact(model, record, name, column, names)
        if fact is not None:
            found.append(fact)
    return found


def child_tables(record: Any, names: Names, skip: frozenset[str] = frozenset()) -> list[Table]:
    """Each non-empty child list (a person's names, a victim's referrals) as a table."""
    tables = []
    for key, child in children(type(record)).items():
        rows = list(getattr(record, key))
        if key in skip or not rows:
            continue
        apart = system_fields(child) | parent_keys(child)
        shown = [(n, c) for n, c in _columns(child) if n not in apart]
        used = [(n, c) for n, c in shown if any(getattr(r, n) not in (None, "") for r in rows)]
        headers = [i18n.gettext(names.lang, field_label(n)) for n, _ in used]
        body = [[_fact(child, row, n, c, names) or Fact("", "") for n, c in used] for row in rows]
        tables.append(Table(key, headers, body))
    return tables


def referenced_ids(record: Any) -> dict[str, set[int]]:
    """Ids the record and its child rows point at, by kind (to look their titles up)."""
    wanted: dict[str, set[int]] = {}
    items = [record] + [row for key in children(type(record)) for row in getattr(record, key)]
    for item in items:
        for column, kind in reference_kinds(type(item)).items():
            value = getattr(item, column, None)
            if value is not None and kind != "organisation":
                wanted.setdefault(kind, set()).add(value)
    return wanted


def provenance(record: Any, names: Names, group_name: str | None) -> list[Fact]:
    lang = names.lang

    def label(name: str) -> str:
        return i18n.gettext(lang, field_label(name))

    facts = [
        Fact(label("org_id"), names.orgs.get(record.org_id, "")),
        Fact(label("submitted_at"), i18n.datetime_text(record.submitted_at, lang)),
        Fact(label("updated_at"), i18n.datetime_text(record.updated_at, lang)),
    ]
    if record.source_id is not None:
        title, url = names.of("source", record.source_id)
        facts.append(Fact(label("source_id"), title, url))
    for name, vocab in (
        ("source_kind", "source_kind"),
        ("reliability", "reliability"),
        ("credibility", "credibility"),
        ("tlp", "tlp"),
        ("handling", "handling_code"),
        ("distribution", "distribution"),
    ):
        code = getattr(record, name)
        facts.append(
            Fact(
                label(name),
                f"{code} — {labels.label(vocab, code, lang)}"
                if name in ("reliability", "credibility")
                else labels.label(vocab, code, lang),
            )
        )
    if group_name:
        facts.append(Fact(label("sharing_group_id"), group_name))
    if record.external_id:
        facts.append(Fact(label("external_id"), record.external_id))
    changes = (record.version or 1) - 1
    told = i18n.number_text(changes, lang) if changes else i18n.gettext(lang, UNCHANGED)
    facts.append(Fact(i18n.gettext(lang, CHANGES), told))
    return facts

"""A person's merged profile on the person page: the records of the same person the user
may see (``person.profile``), one column each, one line per kind of fact, and under
them who recorded each, on what basis and how reliable it is (the admiralty grading).

A line is shown only when some record has a value for it, so two agencies that agree
are seen to agree and one that differs stands out, as in Aleph's entity view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from amanat.language import i18n
from amanat.language.i18n import N_
from amanat.names.phones import phone_key
from amanat.register import Person
from amanat.register.labels import TABLE_LABELS, field_label
from amanat.service.web import labels
from amanat.service.web.record_links import Names

BORN = N_("Born")


@dataclass(frozen=True)
class Line:
    label: str
    cells: list[list[str]]  # per record, its values (none: nothing recorded)


def _phone(number: str, country: str | None) -> str:
    """The number as written, with the one phone it means when written otherwise."""
    key = phone_key(number, (country,))
    return number if key is None or key == number else f"{number} ({key})"


def _document(row: Any, lang: str) -> str:
    kind = labels.label("document_type", row.doc_type, lang)
    country = labels.label("country", row.issuing_country, lang) if row.issuing_country else ""
    return " ".join(part for part in (kind, row.number, country and f"({country})") if part)


def _address(row: Any, lang: str) -> str:
    country = labels.label("country", row.country, lang) if row.country else ""
    return ", ".join(part for part in (row.line, country) if part)


def lines(records: list[Person], names: Names, countries: dict[int, str | None]) -> list[Line]:
    """The facts of ``records`` side by side; ``countries``: each organisation's
    country, where a phone number written without its country code belongs."""
    lang = names.lang

    def each(values: Callable[[Person], Iterable[str | None]]) -> list[list[str]]:
        return [[v for v in values(p) if v] for p in records]

    def vocab(name: str) -> Callable[[Person], list[str]]:
        return lambda p: [f"{getattr(p, name)} — {labels.label(name, getattr(p, name), lang)}"]

    table = {
        key: i18n.gettext(lang, TABLE_LABELS[key])
        for key in ("names", "citizenships", "documents", "phones", "addresses")
    }
    found = [
        Line(table["names"], each(lambda p: [n.full_name for n in p.names])),
        Line(field(lang, "sex"), each(lambda p: [labels.label("sex", p.sex, lang)])),
        Line(i18n.gettext(lang, BORN), each(lambda p: [p.birth_date_text])),
        Line(
            table["citizenships"],
            each(lambda p: [labels.label("country", c.country, lang) for c in p.citizenships]),
        ),
        Line(table["documents"], each(lambda p: [_document(d, lang) for d in p.documents])),
        Line(
            table["phones"],
            each(lambda p: [_phone(t.number, countries.get(p.org_id)) for t in p.phones]),
        ),
        Line(table["addresses"], each(lambda p: [_address(a, lang) for a in p.addresses])),
        Line(field(lang, "notes"), each(lambda p: [p.notes])),
        Line(
            field(lang, "source_kind"),
            each(lambda p: [labels.label("source_kind", p.source_kind, lang)]),
        ),
        Line(field(lang, "source_id"), each(lambda p: [names.of("source", p.source_id)[0]])),
        Line(field(lang, "reliability"), each(vocab("reliability"))),
        Line(field(lang, "credibility"), each(vocab("credibility"))),
        Line(
            field(lang, "submitted_at"),
            each(lambda p: [i18n.date_text(p.submitted_at.date(), lang)]),
        ),
    ]
    return [line for line in found if any(line.cells)]


def field(lang: str, name: str) -> str:
    return i18n.gettext(lang, field_label(name))

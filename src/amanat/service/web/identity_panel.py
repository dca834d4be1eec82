"""The identity panel of a person's or victim's page: the pseudonym always; the
identity only in the answer to a request for it, for a stated purpose
(``person.identity``); the purposes the caller may ask for (``person.protection``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from amanat.access.identity_vault import Identity
from amanat.actions.people.identity import Shown, protection
from amanat.language import i18n
from amanat.service.web import labels
from amanat.service.web.page import Page


@dataclass
class Panel:
    person_id: int | None
    pseudonym: str | None
    purposes: list[str] = field(default_factory=list)
    shown: Shown | None = None
    lines: list[tuple[str, str]] = field(default_factory=list)


def _lines(found: Identity, lang: str) -> list[tuple[str, str]]:
    def _(message: str) -> str:
        return i18n.gettext(lang, message)

    lines = []
    for name in found.names:
        kind = labels.label("name_kind", name.get("kind"), lang)
        lines.append((kind or _("Name"), str(name.get("full_name", ""))))
    if found.birth_year:
        parts = [str(found.birth_year)] + [
            f"{p:02d}" for p in (found.birth_month, found.birth_day) if p is not None
        ]
        lines.append((_("Date of birth"), "-".join(parts)))
    for country in found.citizenships:
        lines.append((_("Citizenship"), labels.label("country", country, lang)))
    for doc in found.documents:
        text = f"{labels.label('document_type', doc.get('doc_type'), lang)} {doc.get('number', '')}"
        lines.append((_("Document"), text.strip()))
    for phone in found.phones:
        lines.append((_("Phone"), phone))
    for address in found.addresses:
        where = ", ".join(
            p
            for p in (address.get("line"), labels.label("country", address.get("country"), lang))
            if p
        )
        lines.append((labels.label("address_kind", address.get("kind"), lang), where))
    return lines


def panel(page: Page, person_id: int | None, shown: Shown | None = None) -> Panel:
    """The panel of the person ``person_id`` of a record the page has read."""
    found = protection(page.ctx, person_id) if person_id is not None else None
    if found is None:
        return Panel(person_id, None)
    lines = _lines(shown.identity, page.lang) if shown and shown.identity else []
    return Panel(person_id, found.pseudonym, found.purposes, shown, lines)

"""A protected person's identity on their page: the pseudonym always, the identity
only on request, for a stated purpose, to those allowed to see it.

Revealing is a deliberate act (a button, a purpose), never a side effect of opening
a page, so the audit trail's "reveal_identity" entries mean someone chose to look.
The identity travels only in the body of the answer to that POST: never in a URL,
never in a log, never kept by the browser (pages are ``no-store``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import select
from starlette.datastructures import FormData

from amanat.access.identity_vault import Identity, ProtectedIdentity, may_reveal, reveal
from amanat.access.sharing import visible_record
from amanat.access.vault import MasterKey
from amanat.access.visibility import visible
from amanat.register import Person
from amanat.service.master_key import app_master_key
from amanat.service.web import form_token, i18n, labels
from amanat.service.web.form_input import FormInput, read_form
from amanat.service.web.page import Page, SignedIn
from amanat.vocab import vocabulary

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]


@dataclass(frozen=True)
class Shown:
    purpose: str
    identity: Identity | None  # None: the viewer may see the pseudonym only


@dataclass
class Panel:
    person_id: int | None
    pseudonym: str | None
    purposes: list[str] = field(default_factory=list)
    shown: Shown | None = None
    lines: list[tuple[str, str]] = field(default_factory=list)


def master_key(request: Request) -> MasterKey | None:
    """The app's master key (``app_master_key``)."""
    return app_master_key(request.app)


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
    if person_id is None:
        return Panel(None, None)
    pseudonym = page.db.scalar(
        select(ProtectedIdentity.pseudonym).where(ProtectedIdentity.person_id == person_id)
    )
    if pseudonym is None:
        return Panel(person_id, None)
    viewer = page.user.viewer
    person = page.db.scalar(select(Person).where(Person.id == person_id, visible(Person, viewer)))
    purposes = []
    if person is not None:
        purposes = [
            p
            for p in vocabulary("consent_purpose").codes()
            if may_reveal(page.db, viewer, person, p)
        ]
    lines = _lines(shown.identity, page.lang) if shown and shown.identity else []
    return Panel(person_id, pseudonym, purposes, shown, lines)


def _reveal(page: Page, kind: str, record_id: int, data: FormData) -> Response:
    from amanat.service.web.record_pages import record_context

    form = FormInput(data, page.lang)
    form_token.verify(page.request, form.raw("form_token"))
    purpose = form.code("purpose", "consent_purpose", required=True) or "assistance"
    record = visible_record(page.db, page.user.viewer, kind, record_id)
    person_id = record.id if kind == "person" else record.person_id
    shown = None
    if person_id is not None:
        found = reveal(page.db, master_key(page.request), page.user.viewer, person_id, purpose)
        shown = Shown(purpose, found.identity)
    context = record_context(page, kind, record_id, revealed=shown)
    return page.render(context["template"], context)


@router.post("/people/{record_id:int}/identity")
def reveal_person(page: SignedIn, record_id: int, data: Form) -> Response:
    return _reveal(page, "person", record_id, data)


@router.post("/victims/{record_id:int}/identity")
def reveal_victim(page: SignedIn, record_id: int, data: Form) -> Response:
    return _reveal(page, "victim", record_id, data)

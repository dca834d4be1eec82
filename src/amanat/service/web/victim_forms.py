"""Registering an assisted victim, consent first.

Consent comes before anything else on the form and nothing is recorded without it.
The identity (names, date of birth, documents, phone) is sealed in the vault with
the organisation's key; the victim record carries only what assistance and
statistics need, under a pseudonym.  She is referred to a service from her page
afterwards (``referral_forms``): only organisations that offer it are listed there.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.datastructures import FormData

from amanat.actions import records
from amanat.actions.door import binds
from amanat.language.i18n import N_
from amanat.service.web import form_writes, titles, victim_reading
from amanat.service.web.form_input import FormInput, read_form
from amanat.service.web.page import FormRejected, Page, SignedIn

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
TEMPLATE = "victim_form.html"
NO_VAULT = N_(
    "The identity vault has no master key here, so identities cannot be recorded. "
    "Ask your administrator."
)


# What the form runs: the choices it offers and the victim written.
ACTIONS = (*form_writes.CREATING, titles.DIRECTORY)


def organisations(page: Page) -> list[tuple[str, str]]:
    """(id, name) of every organisation, by name (whom a consent names)."""
    named = [(str(org.id), org.name_in(page.lang)) for org in titles.organisations(page.ctx)]
    return sorted(named, key=lambda choice: choice[1])


def _context(page: Page, form: FormInput) -> dict[str, Any]:
    return {
        "form": form,
        "cases": [("", "—"), *form_writes.case_choices(page)],
        "organisations": [("", "—"), *organisations(page)],
        **form_writes.marking_context(page),
    }


@router.get("/victims/new")
@binds(*ACTIONS)
def victim_form(page: SignedIn) -> Response:
    form_writes.offer(page, records.create_records)
    today = dt.date.today().isoformat()
    defaults = {
        **form_writes.MARKING_DEFAULTS,
        "source_kind": "ngo_report",
        "tlp": "RED",
        "consent_given_on": today,
        "identified_on": today,
        "trafficking_status": "PossibleVictim",
        "case_id": page.request.query_params.get("case"),
    }
    form = FormInput.blank(page.lang, defaults)
    if page.ctx.master_key is None:
        form.error("_form", NO_VAULT)
    return page.render(TEMPLATE, _context(page, form))


@router.post("/victims/new")
@binds(*ACTIONS)
def register_victim(page: SignedIn, data: Form) -> Response:
    form_writes.offer(page, records.create_records)
    form = FormInput(data, page.lang)

    def rejected(p: Page) -> FormRejected:
        return p.reject(TEMPLATE, _context(p, form))

    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        consents = victim_reading.consents(form)
        marking = form_writes.read_marking(page, form)
        person = victim_reading.person(form, marking)
        victim = victim_reading.victim(form, marking, consents, page.ctx.viewer.org_id)
        if page.ctx.master_key is None:
            form.error("_form", NO_VAULT)
        if not form.ok:
            raise rejected(page)
        ids = form_writes.create(page, form, [person, victim], victim_reading.FIELDS, rejected)
        url = f"/victims/{ids['victim']}"
        claimed.complete(page.db, url)
        return page.redirect(url, N_("The victim was registered; the identity is sealed."))

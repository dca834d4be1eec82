"""Registering an assisted victim, consent first, and referring her to a service.

Consent comes before anything else on the form and nothing is recorded without it.
The identity (names, date of birth, documents, phone) is sealed in the vault with
the organisation's key; the victim record carries only what assistance and
statistics need, under a pseudonym.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlalchemy import select
from starlette.datastructures import FormData

from amanat.actions import records
from amanat.actions.errors import FieldProblem
from amanat.register import Organisation
from amanat.service.web import form_writes, victim_reading
from amanat.service.web.form_input import FormInput, place_problem, read_form
from amanat.service.web.i18n import N_
from amanat.service.web.identity import master_key
from amanat.service.web.page import FormRejected, Page, SignedIn
from amanat.service.web.record_pages import visible_cases

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
TEMPLATE = "victim_form.html"
NO_VAULT = N_(
    "The identity vault has no master key here, so identities cannot be recorded. "
    "Ask your administrator."
)


def organisations(page: Page) -> list[tuple[str, str]]:
    rows = page.db.execute(select(Organisation.id, Organisation.name).order_by(Organisation.name))
    return [(str(org_id), name) for org_id, name in rows]


def _context(page: Page, form: FormInput) -> dict[str, Any]:
    return {
        "form": form,
        "cases": [("", "—"), *visible_cases(page)],
        "organisations": [("", "—"), *organisations(page)],
        **form_writes.marking_context(page),
    }


def _refer(
    page: Page,
    form: FormInput,
    victim_id: int,
    referral: dict[str, Any],
    rejected: Callable[[Page], FormRejected],
) -> None:
    """The first referral, as a change to the new victim (in the same transaction).

    Not nested in the submission: ``records.create_records`` sets child rows' kind
    columns by object identity, which can miss when Python reuses a freed object's
    id, and a referral without its kind is refused (reported to the API's author).
    """
    try:
        records.update_record(
            page.db, page.user, "victim", victim_id, {"assistance": [referral]}, version=1
        )
    except FieldProblem as exc:
        place_problem(form, exc.loc, exc.message, {("body", "assistance"): "referral_kind"})
        raise page.after_refusal(rejected) from None


@router.get("/victims/new")
def victim_form(page: SignedIn) -> Response:
    form_writes.may_create(page)
    today = dt.date.today().isoformat()
    defaults = {
        **form_writes.MARKING_DEFAULTS,
        "source_kind": "ngo_report",
        "tlp": "RED",
        "consent_given_on": today,
        "identified_on": today,
        "referred_on": today,
        "trafficking_status": "PossibleVictim",
        "case_id": page.request.query_params.get("case"),
    }
    form = FormInput.blank(page.lang, defaults)
    if master_key(page.request) is None:
        form.error("_form", NO_VAULT)
    return page.render(TEMPLATE, _context(page, form))


@router.post("/victims/new")
def register_victim(page: SignedIn, data: Form) -> Response:
    form_writes.may_create(page)
    form = FormInput(data, page.lang)

    def rejected(p: Page) -> FormRejected:
        return p.reject(TEMPLATE, _context(p, form))

    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        consents = victim_reading.consents(form)
        marking = form_writes.read_marking(page, form)
        person = victim_reading.person(form, marking)
        victim = victim_reading.victim(form, marking, consents, page.user.viewer.org_id)
        referral = victim_reading.referral_entry(form, required=False)
        if master_key(page.request) is None:
            form.error("_form", NO_VAULT)
        if not form.ok:
            raise rejected(page)
        ids = form_writes.create(page, form, [person, victim], victim_reading.FIELDS, rejected)
        if referral is not None:
            _refer(page, form, ids["victim"], referral, rejected)
        url = f"/victims/{ids['victim']}"
        claimed.complete(page.db, url)
        return page.redirect(url, N_("The victim was registered; the identity is sealed."))

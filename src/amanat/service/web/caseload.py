"""NGO case workers: the caseload, referrals made and received, and new referrals.

A referral is an assistance entry of the victim record, so only the organisation
that registered the victim adds one (``referral.add``).  The receiving organisation
sees that a referral reached it and answers it (``referral.status``); it sees the
victim's pseudonym only if the victim record is shared with it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlalchemy.orm.exc import StaleDataError
from starlette.datastructures import FormData

from amanat.actions import caseload as caseloads
from amanat.actions import named, referrals
from amanat.actions.door import binds
from amanat.actions.errors import FieldProblem
from amanat.actions.people.identity import protection
from amanat.actions.record_view import for_change
from amanat.register import Victim
from amanat.service.web import labels, titles, victim_reading
from amanat.service.web.form_input import FormInput, place_problem, read_form
from amanat.service.web.i18n import N_
from amanat.service.web.page import FormRejected, Page, SignedIn
from amanat.service.web.victim_forms import organisations

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
TEMPLATE = "referral_form.html"
CHOOSE_STATUS = N_("Choose accepted, declined or completed.")
REFERRAL_CHANGED = N_("The referral was changed meanwhile; nothing was saved. Look again.")
# What the referral form runs: the victim (its owner's), the directory, the referral.
REFERRING = (for_change, protection, *referrals.ADDING, titles.DIRECTORY)


@router.get("/caseload")
@binds(caseloads.caseload, named.named)
def caseload(page: SignedIn, before: int | None = None) -> Response:
    found = caseloads.caseload(page.ctx, before)
    cases = named.named(page.ctx, {"case": [v.case_id for v in found.victims]}, "caseload")
    context = {
        "victims": found.victims,
        "pseudonyms": found.pseudonyms,
        "cases": titles.titles_from(cases, "case", page.lang),
        "older": found.older,
    }
    return page.render("caseload.html", context)


@router.get("/referrals")
@binds(referrals.referrals, titles.DIRECTORY)
def referrals_page(page: SignedIn) -> Response:
    found = referrals.referrals(page.ctx)
    context = {
        "made": found.made,
        "received": found.received,
        "orgs": titles.directory(page.ctx),
        "provider_statuses": [
            (code, labels.label("assistance_status", code, page.lang))
            for code in referrals.PROVIDER_STATUSES
        ],
    }
    return page.render("referrals.html", context)


def _context(page: Page, victim: Victim, form: FormInput) -> dict[str, Any]:
    found = protection(page.ctx, victim.person_id) if victim.person_id is not None else None
    return {
        "form": form,
        "victim": victim,
        "pseudonym": found.pseudonym if found is not None else f"V#{victim.id}",
        "organisations": [("", "—"), *organisations(page)],
    }


@router.get("/victims/{victim_id:int}/referrals/new")
@binds(*REFERRING)
def referral_form(page: SignedIn, victim_id: int) -> Response:
    victim = for_change(page.ctx, "victim", victim_id)
    defaults = {"version": victim.version, "referred_on": dt.date.today().isoformat()}
    return page.render(TEMPLATE, _context(page, victim, FormInput.blank(page.lang, defaults)))


@router.post("/victims/{victim_id:int}/referrals/new")
@binds(*REFERRING)
def refer(page: SignedIn, victim_id: int, data: Form) -> Response:
    victim = for_change(page.ctx, "victim", victim_id)
    form = FormInput(data, page.lang)

    def rejected(p: Page) -> FormRejected:
        return p.reject(TEMPLATE, _context(p, for_change(p.ctx, "victim", victim_id), form))

    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        entry = victim_reading.referral_entry(form, required=True)
        version = form.integer("version", 1, 2**31, required=True)
        if not form.ok or entry is None or version is None:
            raise rejected(page)
        try:
            referrals.add(page.ctx, victim.id, entry, version)
        except FieldProblem as exc:
            place_problem(form, exc.loc, exc.message, {("body", "assistance"): "referral_kind"})
            raise page.after_refusal(rejected) from None
        url = f"/victims/{victim.id}"
        claimed.complete(page.db, url)
        return page.redirect(url, N_("The referral was recorded."))


@router.post("/referrals/{assistance_id:int}/status")
@binds(referrals.set_status)
def referral_status(page: SignedIn, assistance_id: int, data: Form) -> Response:
    """The receiving organisation accepts, declines or completes a referral."""
    form = FormInput(data, page.lang)
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        choices = dict.fromkeys(referrals.PROVIDER_STATUSES, "")
        status = form.choice("status", choices, required=True)
        seen = form.text("seen", required=True, limit=40)
        if status is None or seen is None:
            return page.redirect("/referrals", CHOOSE_STATUS)
        try:
            referrals.set_status(page.ctx, assistance_id, status, seen)
        except StaleDataError:
            page.db.rollback()
            return page.redirect("/referrals", REFERRAL_CHANGED)
        claimed.complete(page.db, "/referrals")
        return page.redirect("/referrals", N_("The referral was updated."))

"""Referrals made and received, and their answers: the receiver accepts, declines with
a reason, or completes; the referring organisation sees each answer and notes it.

The same answer forms are on the referrals page, the inbox and the victim's page;
each posts here and comes back to the page it was sent from.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlalchemy.orm.exc import StaleDataError
from starlette.datastructures import FormData

from amanat.actions import referrals
from amanat.actions.door import allowed, binds
from amanat.actions.errors import FieldProblem
from amanat.actions.paging import LAST_PAGE
from amanat.language.i18n import N_
from amanat.service.web import labels, titles
from amanat.service.web.form_input import FormInput, read_form
from amanat.service.web.page import Page, SignedIn, safe_path

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
CHOOSE_STATUS = N_("Choose accepted, declined or completed.")
GIVE_REASON = N_("Say why the referral is declined; the referring organisation reads it.")
REFERRAL_CHANGED = N_("The referral was changed meanwhile; nothing was saved. Look again.")
# What a page with referrals on it runs.
LISTING = (referrals.referrals, titles.DIRECTORY)
SORTS = {
    "updated": N_("Latest change first"),
    "referred_latest": N_("Referred most recently first"),
    "referred_earliest": N_("Referred longest ago first"),
}
# The list's filters and sort, kept on every page of it.
FILTERS = ("status", "service", "sort")


def answering(page: Page, orgs: dict[int, str] | None = None) -> dict[str, Any]:
    """What the answer forms need: who may answer and note, the labels, and the
    organisations' names (``orgs``, when the page has them already)."""

    def label(code: str) -> str:
        return labels.label("assistance_status", code, page.lang)

    return {
        "may_answer": allowed(page.ctx, referrals.set_status),
        "may_note": allowed(page.ctx, referrals.note_answer),
        "next_statuses": lambda status: [
            (code, label(code)) for code in referrals.next_statuses(status)
        ],
        "declines": referrals.DECLINES,
        "orgs": orgs if orgs is not None else titles.directory(page.ctx, page.lang),
    }


@router.get("/referrals")
@binds(*LISTING)
def referrals_page(page: SignedIn) -> Response:
    form = FormInput(page.request.query_params, page.lang)
    wanted = referrals.Wanted(
        status=form.code("status", "assistance_status"),
        service=form.code("service", "assistance_kind"),
        sort=form.choice("sort", SORTS) or "updated",
        made_page=form.integer("made_page", 1, LAST_PAGE),
        received_page=form.integer("received_page", 1, LAST_PAGE),
    )
    found = referrals.referrals(page.ctx, wanted if form.ok else referrals.Wanted())
    context = {
        "form": form,
        "found": found,
        "made": found.made,
        "received": found.received,
        "params": {key: form.values[key] for key in FILTERS if form.values.get(key)},
        "sorts": [(code, page._(text)) for code, text in SORTS.items()],
        **answering(page),
    }
    return page.render("referrals.html", context)


def _back(form: FormInput) -> str:
    return safe_path(form.raw("back") or None, "/referrals")


@router.post("/referrals/{referral_id:int}/status")
@binds(referrals.set_status)
def referral_status(page: SignedIn, referral_id: int, data: Form) -> Response:
    """The receiving organisation accepts, declines or completes a referral."""
    form = FormInput(data, page.lang)
    back = _back(form)
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        choices = dict.fromkeys(referrals.PROVIDER_STATUSES, "")
        status = form.choice("status", choices, required=True)
        seen = form.text("seen", required=True, limit=40)
        reason = form.text("reason")
        if status is None or seen is None:
            return page.redirect(back, CHOOSE_STATUS)
        try:
            referrals.set_status(page.ctx, referral_id, status, seen, reason)
        except StaleDataError:
            page.db.rollback()
            return page.redirect(back, REFERRAL_CHANGED)
        except FieldProblem as exc:
            page.db.rollback()
            return page.redirect(back, GIVE_REASON if exc.loc[-1] == "reason" else CHOOSE_STATUS)
        claimed.complete(page.db, back)
        return page.redirect(back, N_("The referral was updated."))


@router.post("/referrals/{referral_id:int}/noted")
@binds(referrals.note_answer)
def referral_noted(page: SignedIn, referral_id: int, data: Form) -> Response:
    """The referring organisation has seen the receiver's answer."""
    form = FormInput(data, page.lang)
    back = _back(form)
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        referrals.note_answer(page.ctx, referral_id)
        claimed.complete(page.db, back)
        return page.redirect(back)

"""NGO case workers: the caseload, referrals made and received, and new referrals.

A referral is an assistance entry of the victim record, so only the organisation
that registered the victim adds one.  The receiving organisation sees that a
referral reached it; it sees the victim's pseudonym only if the victim record is
shared with it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from starlette.datastructures import FormData

from amanat.access.reads import read_many
from amanat.access.roles import Role
from amanat.access.sharing import visible_record
from amanat.access.visibility import visible
from amanat.actions import records
from amanat.actions.errors import FieldProblem
from amanat.register import Assistance, Victim
from amanat.service.referrals import PROVIDER_STATUSES, set_status
from amanat.service.web import labels, titles, victim_reading
from amanat.service.web.form_input import FormInput, place_problem, read_form
from amanat.service.web.i18n import N_
from amanat.service.web.page import FormRejected, Page, SignedIn
from amanat.service.web.victim_forms import organisations

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
PAGE_SIZE = 50
TEMPLATE = "referral_form.html"
CHILD_FIELDS = ("kind", "status", "provider_org_id", "referred_on", "completed_on", "note")
CHOOSE_STATUS = N_("Choose accepted, declined or completed.")
REFERRAL_CHANGED = N_("The referral was changed meanwhile; nothing was saved. Look again.")


@router.get("/caseload")
def caseload(page: SignedIn, before: int | None = None) -> Response:
    viewer = page.require_role(Role.case_worker).viewer
    query = select(Victim).where(Victim.org_id == viewer.org_id, visible(Victim, viewer))
    if before:
        query = query.where(Victim.id < before)
    victims = list(page.db.scalars(query.order_by(Victim.id.desc()).limit(PAGE_SIZE)))
    read_many(page.db, viewer, victims, "caseload")
    context = {
        "victims": victims,
        "pseudonyms": titles.victim_pseudonyms(page.db, victims),
        "cases": titles.titles_of(page.db, viewer, "case", [v.case_id for v in victims], page.lang),
        "older": victims[-1].id if len(victims) == PAGE_SIZE else None,
    }
    return page.render("caseload.html", context)


@router.get("/referrals")
def referrals(page: SignedIn) -> Response:
    viewer = page.require_role(Role.case_worker).viewer
    out = page.db.execute(
        select(Assistance, Victim)
        .join(Victim, Victim.id == Assistance.victim_id)
        .where(Victim.org_id == viewer.org_id, Victim.deleted_at.is_(None))
        .order_by(Assistance.id.desc())
        .limit(200)
    ).all()
    received = page.db.execute(
        select(Assistance, Victim)
        .join(Victim, Victim.id == Assistance.victim_id)
        .where(Assistance.provider_org_id == viewer.org_id, Victim.deleted_at.is_(None))
        .order_by(Assistance.id.desc())
        .limit(200)
    ).all()
    shown_ids = [v.id for _, v in received]
    visible_ids = set(
        page.db.scalars(select(Victim.id).where(Victim.id.in_(shown_ids), visible(Victim, viewer)))
    )
    victims = [v for _, v in out] + [v for _, v in received if v.id in visible_ids]
    context = {
        "out": out,
        "received": received,
        "visible_ids": visible_ids,
        "pseudonyms": titles.victim_pseudonyms(page.db, victims),
        "orgs": titles.organisation_names(page.db),
        "provider_statuses": [
            (code, labels.label("assistance_status", code, page.lang)) for code in PROVIDER_STATUSES
        ],
    }
    return page.render("referrals.html", context)


def _victim(page: Page, victim_id: int) -> Victim:
    found: Victim = visible_record(page.db, page.user.viewer, "victim", victim_id)
    return found


def _context(page: Page, victim: Victim, form: FormInput) -> dict[str, Any]:
    pseudonym = titles.victim_pseudonyms(page.db, [victim])[victim.id]
    return {
        "form": form,
        "victim": victim,
        "pseudonym": pseudonym,
        "organisations": [("", "—"), *organisations(page)],
    }


@router.get("/victims/{victim_id:int}/referrals/new")
def referral_form(page: SignedIn, victim_id: int) -> Response:
    page.require_role(Role.case_worker)
    victim = _victim(page, victim_id)
    defaults = {"version": victim.version, "referred_on": dt.date.today().isoformat()}
    return page.render(TEMPLATE, _context(page, victim, FormInput.blank(page.lang, defaults)))


def _existing(victim: Victim) -> list[dict[str, Any]]:
    return [
        {k: getattr(a, k) for k in CHILD_FIELDS if getattr(a, k) is not None}
        for a in victim.assistance
    ]


@router.post("/victims/{victim_id:int}/referrals/new")
def refer(page: SignedIn, victim_id: int, data: Form) -> Response:
    page.require_role(Role.case_worker)
    victim = _victim(page, victim_id)
    form = FormInput(data, page.lang)

    def rejected(p: Page) -> FormRejected:
        return p.reject(TEMPLATE, _context(p, _victim(p, victim_id), form))

    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        entry = victim_reading.referral_entry(form, required=True)
        version = form.integer("version", 1, 2**31, required=True)
        if not form.ok or entry is None or version is None:
            raise rejected(page)
        existing = [{k: _json(v) for k, v in row.items()} for row in _existing(victim)]
        try:
            records.update_record(
                page.db, page.user, "victim", victim.id, {"assistance": [*existing, entry]}, version
            )
        except FieldProblem as exc:
            place_problem(form, exc.loc, exc.message, {("body", "assistance"): "referral_kind"})
            raise page.after_refusal(rejected) from None
        url = f"/victims/{victim.id}"
        claimed.complete(page.db, url)
        return page.redirect(url, N_("The referral was recorded."))


@router.post("/referrals/{assistance_id:int}/status")
def referral_status(page: SignedIn, assistance_id: int, data: Form) -> Response:
    """The receiving organisation accepts, declines or completes a referral."""
    page.require_role(Role.case_worker)
    form = FormInput(data, page.lang)
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        choices = dict.fromkeys(PROVIDER_STATUSES, "")
        status = form.choice("status", choices, required=True)
        seen = form.text("seen", required=True, limit=40)
        if status is None or seen is None:
            return page.redirect("/referrals", CHOOSE_STATUS)
        try:
            set_status(page.db, page.user, assistance_id, status, seen)
        except StaleDataError:
            page.db.rollback()
            return page.redirect("/referrals", REFERRAL_CHANGED)
        claimed.complete(page.db, "/referrals")
        return page.redirect("/referrals", N_("The referral was updated."))


def _json(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value

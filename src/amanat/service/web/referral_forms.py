"""Referring a victim to a service: first the service, then only the organisations the
directory lists for it, and her consent to share with the one chosen — shown when it
is on her record, asked for when it is not (``referral.add`` checks both again).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlalchemy.orm.exc import StaleDataError
from starlette.datastructures import FormData

from amanat.actions import referrals, services
from amanat.actions.door import binds
from amanat.actions.errors import FieldProblem
from amanat.actions.people.identity import protection
from amanat.actions.record_view import for_change
from amanat.actions.referrals import making
from amanat.language.i18n import N_
from amanat.register import Victim
from amanat.service.web import labels, titles
from amanat.service.web.form_input import FormInput, place_problem, read_form
from amanat.service.web.page import FormRejected, Page, SignedIn

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
TEMPLATE = "referral_form.html"
# What the form runs: the victim (her organisation's), the directory, the referral.
REFERRING = (for_change, protection, services.providers, referrals.add, titles.DIRECTORY)
# Where the action's objections land on the form.
FIELDS: dict[tuple[str | int, ...], str] = {
    ("body", "service"): "service",
    ("body", "provider_org_id"): "provider",
    ("body", "consent", "given_on"): "consent_given_on",
    ("body", "consent"): "consent_referral",
    ("body", "referred_on"): "referred_on",
    ("body", "note"): "note",
}
# The action's reasons, for the catalogues (``place_problem`` translates them).
REASONS = (
    N_("does not offer this service in the directory of service providers"),
    N_("is your own organisation: a referral goes to another"),
    N_(
        "the victim has not consented to sharing her record with this organisation for "
        "assistance: ask her, and record her consent with the referral"
    ),
)
CHANGED = N_("Her record was changed meanwhile; nothing was saved. Look again and refer her.")


def _consents(victim: Victim, orgs: dict[int, str]) -> list[dict[str, Any]]:
    """Her live consents to share for assistance, as the form shows them."""
    return [
        {
            "to": orgs.get(c.granted_to_org_id or 0) if c.granted_to_org_id else None,
            "identity": c.identity,
            "given_on": c.given_on,
        }
        for c in victim.consents
        if c.purpose == referrals.PURPOSE and c.withdrawn_on is None
    ]


def _choices(found: list[services.Provider], victim: Victim, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "id": p.org.id,
            "name": p.org.name_in(lang),
            "areas": p.areas,
            "consented": referrals.consent_for(victim, p.org.id) is not None,
        }
        for p in found
        if p.org.id != victim.org_id
    ]


def _context(page: Page, victim: Victim, service: str | None, form: FormInput) -> dict[str, Any]:
    found = protection(page.ctx, victim.person_id) if victim.person_id is not None else None
    orgs = titles.directory(page.ctx, page.lang)
    providers = (
        _choices(services.providers(page.ctx, service), victim, page.lang) if service else []
    )
    return {
        "form": form,
        "victim": victim,
        "pseudonym": found.pseudonym if found is not None else f"V#{victim.id}",
        "service": service,
        "service_label": labels.label("assistance_kind", service, page.lang) if service else "",
        "providers": providers,
        "provider_options": [("", "—")]
        + [(str(p["id"]), f"{p['name']} — {'; '.join(p['areas'])}") for p in providers],
        "consents": _consents(victim, orgs),
    }


def _service(page: Page) -> str | None:
    chosen = page.request.query_params.get("service") or None
    return chosen if chosen and labels.is_code("assistance_kind", chosen) else None


@router.get("/victims/{victim_id:int}/referrals/new")
@binds(*REFERRING)
def referral_form(page: SignedIn, victim_id: int) -> Response:
    victim = for_change(page.ctx, "victim", victim_id)
    service = _service(page)
    today = dt.date.today().isoformat()
    defaults = {
        "version": victim.version,
        "service": service,
        "referred_on": today,
        "consent_given_on": today,
    }
    form = FormInput.blank(page.lang, defaults)
    return page.render(TEMPLATE, _context(page, victim, service, form))


def _given(form: FormInput) -> making.GivenConsent | None:
    """Her consent, if she gives it now on the form."""
    given_on = form.date("consent_given_on")
    if not form.flag("consent_referral"):
        if form.flag("consent_identity"):
            form.error("consent_referral", N_("Tick this too: she agrees to the referral."))
        return None
    if given_on is None:
        form.error("consent_given_on", N_("Say when she gave her consent."))
        return None
    return making.GivenConsent(given_on, identity=form.flag("consent_identity"))


@router.post("/victims/{victim_id:int}/referrals/new")
@binds(*REFERRING)
def refer(page: SignedIn, victim_id: int, data: Form) -> Response:
    victim = for_change(page.ctx, "victim", victim_id)
    form = FormInput(data, page.lang)
    service = form.code("service", "assistance_kind", required=True)

    def rejected(p: Page) -> FormRejected:
        return p.reject(
            TEMPLATE, _context(p, for_change(p.ctx, "victim", victim_id), service, form)
        )

    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        provider = form.integer("provider", 1, 2**62, required=True)
        version = form.integer("version", 1, 2**31, required=True)
        given = _given(form)
        day = form.date("referred_on")
        note = form.text("note")
        if not form.ok or service is None or provider is None or version is None:
            raise rejected(page)
        try:
            referrals.add(
                page.ctx,
                victim.id,
                service,
                provider,
                consent=given,
                referred_on=day,
                note=note,
                version=version,
            )
        except FieldProblem as exc:
            place_problem(form, exc.loc, exc.said(form.lang), FIELDS)
            raise page.after_refusal(rejected) from None
        except StaleDataError:
            page.db.rollback()
            back = f"/victims/{victim.id}/referrals/new?service={service}"
            return page.redirect(back, CHANGED)
        url = f"/victims/{victim.id}"
        claimed.complete(page.db, url)
        return page.redirect(url, N_("The referral was sent; the organisation sees it now."))

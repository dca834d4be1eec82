"""The directory of service providers: who offers victims which service, and where
(for everyone who refers), and an administrator's page for her own organisation's
offers.  Each change is an action (``actions.services``), checked and audited there.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.datastructures import FormData

from amanat.actions import services
from amanat.actions.door import allowed, binds
from amanat.actions.errors import FieldProblem
from amanat.language.i18n import N_
from amanat.service.web import labels
from amanat.service.web.form_input import FormInput, place_problem, read_form
from amanat.service.web.page import Page, SignedIn

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
ADMIN_TEMPLATE = "admin_services.html"
FIELDS: dict[tuple[str | int, ...], str] = {
    ("body", "service"): "service",
    ("body", "country"): "country",
    ("body", "region"): "region",
    ("body", "note"): "note",
}
# The action's reasons, for the catalogues.
REASONS = (
    N_("is offered there already"),
    N_("is not an ISO 3166-1 alpha-2 country code"),
    N_("is required: your organisation has no country of its own"),
)


def _countries(found: list[services.Provider], lang: str) -> list[tuple[str, str]]:
    codes = sorted({o.country for p in found for o in p.offers})
    return [(code, labels.label("country", code, lang)) for code in codes]


@router.get("/services")
@binds(services.providers)
def directory(page: SignedIn) -> Response:
    """Filtered by service and country (query parameters, as the filter form sends)."""
    params = page.request.query_params
    form = FormInput(params, page.lang)
    service = form.code("service", "assistance_kind")
    everyone = services.providers(page.ctx)
    country = form.choice("country", dict(_countries(everyone, page.lang)))
    found = services.providers(page.ctx, service, country) if service or country else everyone
    context = {
        "form": form,
        "providers": found,
        "countries": [("", "—"), *_countries(everyone, page.lang)],
    }
    return page.render("services.html", context)


def _own(page: Page, form: FormInput) -> dict[str, Any]:
    found = services.providers(page.ctx, org_id=page.ctx.viewer.org_id)
    return {
        "form": form,
        "offers": found[0].offers if found else [],
        "may_change": allowed(page.ctx, services.offer),
    }


@router.get("/admin/services")
@binds(services.providers)
def own_services(page: SignedIn) -> Response:
    return page.render(ADMIN_TEMPLATE, _own(page, FormInput.blank(page.lang)))


@router.post("/admin/services")
@binds(services.offer, services.providers)
def add_service(page: SignedIn, data: Form) -> Response:
    form = FormInput(data, page.lang)
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        service = form.code("service", "assistance_kind", required=True)
        # None: the organisation's own country.
        country = form.code("country", "country")
        region = form.text("region", limit=services.REGION_LENGTH)
        note = form.text("note", limit=services.NOTE_LENGTH)
        if not form.ok or service is None:
            raise page.reject(ADMIN_TEMPLATE, _own(page, form))
        try:
            services.offer(page.ctx, service, country, region, note)
        except FieldProblem as exc:
            place_problem(form, exc.loc, exc.said(form.lang), FIELDS)
            raise page.after_refusal(lambda p: p.reject(ADMIN_TEMPLATE, _own(p, form))) from None
        claimed.complete(page.db, "/admin/services")
        return page.redirect("/admin/services", N_("The service was added to the directory."))


@router.post("/admin/services/{offer_id:int}/withdraw")
@binds(services.withdraw)
def withdraw_service(page: SignedIn, offer_id: int, data: Form) -> Response:
    form = FormInput(data, page.lang)
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        services.withdraw(page.ctx, offer_id)
        claimed.complete(page.db, "/admin/services")
        return page.redirect("/admin/services", N_("The service was taken off the directory."))

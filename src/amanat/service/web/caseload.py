"""NGO case workers: the caseload, the victims their organisation registered, found by
her real name, filtered, sorted and a page at a time.

Filters and sort are a GET form (a link keeps them).  A search by her name is a POST:
the name must not be in an address, the browser's history or a server log, so its
pages are buttons of a form that carries it.  Referrals, made and received, are on
their own pages (``referrals``, ``referral_forms``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.datastructures import FormData

from amanat.actions import caseload as caseloads
from amanat.actions import named
from amanat.actions.door import binds
from amanat.actions.errors import FieldProblem
from amanat.actions.paging import LAST_PAGE
from amanat.language.i18n import N_
from amanat.service.web import form_token, labels, titles
from amanat.service.web.form_input import FormInput, read_form
from amanat.service.web.page import SignedIn

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
SORTS = {
    "newest": N_("Newest registered first"),
    "oldest": N_("Oldest registered first"),
    "identified_latest": N_("Identified most recently first"),
    "identified_earliest": N_("Identified longest ago first"),
}
NEVER_REFERRED = N_("Never referred")
# What the action says when a name cannot be searched, as the form shows it.
NAME_PROBLEMS = {
    caseloads.NOT_A_CASE_WORKER: N_("Only case workers, who may see her identity, search by name."),
    caseloads.NO_KEY: N_("Searching by name needs the vault's key; ask the operator."),
    caseloads.TOO_LONG: N_("A name has at most 200 characters."),
    caseloads.NO_WORD: N_("Type at least one word of her name."),
}
FILTERS = ("status", "service", "referral", "sort")


def _wanted(form: FormInput, name: str | None) -> caseloads.Wanted:
    statuses = dict.fromkeys(referral for referral, _ in labels.options("assistance_status", "en"))
    return caseloads.Wanted(
        name=name,
        status=form.code("status", "trafficking_status"),
        service=form.code("service", "assistance_kind"),
        referral=form.choice("referral", {**statuses, caseloads.NOT_REFERRED: ""}),
        sort=form.choice("sort", SORTS) or "newest",
        page=form.integer("page", 1, LAST_PAGE),
    )


def _show(page: SignedIn, form: FormInput, name: str | None) -> Response:
    wanted = _wanted(form, name)
    if not form.ok:  # a filter that is not a choice: the list without it would mislead
        wanted = caseloads.Wanted(name=name)
    try:
        found = caseloads.caseload(page.ctx, wanted)
    except FieldProblem as exc:
        form.error("name", NAME_PROBLEMS.get(exc.message, exc.message))
        found = caseloads.caseload(page.ctx, replace(wanted, name=None))
    cases = named.named(page.ctx, {"case": [v.case_id for v in found.victims]}, "caseload")
    lang = page.lang
    context = {
        "form": form,
        "victims": found.victims,
        "pseudonyms": found.pseudonyms,
        "cases": titles.titles_from(cases, "case", lang),
        "paging": found.paging,
        "by_name": bool(name) and "name" not in form.errors,
        "params": {key: form.values[key] for key in FILTERS if form.values.get(key)},
        "sorts": [(code, page._(text)) for code, text in SORTS.items()],
        "referral_choices": [
            *labels.options("assistance_status", lang),
            (caseloads.NOT_REFERRED, page._(NEVER_REFERRED)),
        ],
    }
    return page.render("caseload.html", context)


@router.get("/caseload")
@binds(caseloads.caseload, named.named)
def caseload(page: SignedIn) -> Response:
    return _show(page, FormInput(page.request.query_params, page.lang), None)


@router.post("/caseload")
@binds(caseloads.caseload, named.named)
def caseload_by_name(page: SignedIn, data: Form) -> Response:
    """Her own organisation's victims found by the name she gave (see the module)."""
    form_token.verify(page.request, str(data.get(form_token.FIELD) or ""))
    form = FormInput(data, page.lang)
    name = form.text("name", limit=caseloads.NAME_LIMIT)
    return _show(page, form, name)

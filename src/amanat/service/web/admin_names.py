"""Administrators name their own organisation in each language, with short names, and
say which language is its own (``actions.organisation_names``).  Every page names an
organisation in the reader's language, falling back to the organisation's own, then
English (``Organisation.name_in``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.datastructures import FormData

from amanat.actions import organisation_names as naming
from amanat.actions.door import binds
from amanat.language.i18n import N_
from amanat.register import InvalidValue, Organisation
from amanat.register.organisation import ENGLISH
from amanat.service.web.form_input import FormInput, read_form
from amanat.service.web.page import Page, SignedIn

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
TEMPLATE = "admin_organisation_names.html"
NAME_LIMIT = 200
SHORT_LIMIT = 80


def _languages(org: Organisation, form: FormInput) -> list[str]:
    """The interface's languages, then the organisation's own and any it has a name in."""
    found = list(naming.NAME_LANGUAGES)
    own = form.values.get("language") or org.language
    for lang in (own, *(n.language for n in org.names)):
        if lang and lang not in found:
            found.append(lang)
    return found


def _context(page: Page, org: Organisation, form: FormInput) -> dict[str, Any]:
    return {"org": org, "form": form, "name_languages": _languages(org, form), "english": ENGLISH}


def _filled(org: Organisation) -> dict[str, str]:
    values = {"language": org.language or ""}
    for lang, named in naming.namings_of(org).items():
        values[f"name_{lang}"] = named.name
        values[f"short_{lang}"] = named.short_name or ""
    return values


@router.get("/admin/organisations/{org_id:int}/names")
@binds(naming.names_to_edit, naming.name_organisation)
def names_form(page: SignedIn, org_id: int) -> Response:
    org = naming.names_to_edit(page.ctx, org_id)
    return page.render(TEMPLATE, _context(page, org, FormInput.blank(page.lang, _filled(org))))


@router.post("/admin/organisations/{org_id:int}/names")
@binds(naming.names_to_edit, naming.name_organisation)
def name_organisation(page: SignedIn, org_id: int, data: Form) -> Response:
    form = FormInput(data, page.lang)
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        org = naming.names_to_edit(page.ctx, org_id)
        names = {}
        for lang in _languages(org, form):
            name = form.text(f"name_{lang}", required=lang == ENGLISH, limit=NAME_LIMIT)
            short = form.text(f"short_{lang}", limit=SHORT_LIMIT)
            if short and not name:
                form.error(f"name_{lang}", N_("A short name needs the full name too."))
            names[lang] = naming.Naming(name or "", short)
        language = form.code("language", "language")
        if form.ok:
            try:
                naming.name_organisation(page.ctx, org_id, names, language)
            except InvalidValue:
                form.error("_form", N_("Choose one of the options."))
        if not form.ok:
            raise page.reject(TEMPLATE, _context(page, org, form))
        claimed.complete(page.db, "/admin/organisations")
        return page.redirect("/admin/organisations", N_("The organisation's names were saved."))

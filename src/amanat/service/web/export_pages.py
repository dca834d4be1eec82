"""Exporting in the browser: choose a format, the language of its headings and, for
the CTDC table, k — then download what ``amanat export`` would write for the user.

The download is the answer to a POST with a form token: an export is an audited
act, which a link on another site must not be able to make in the user's name.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask
from starlette.datastructures import FormData

from amanat.access.roles import Permission, Role
from amanat.exchange.export import FORMATS
from amanat.service import import_runs
from amanat.service.import_runs import Who
from amanat.service.web import form_token
from amanat.service.web.form_input import FormInput, read_form
from amanat.service.web.i18n import N_
from amanat.service.web.page import Page, SignedIn

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
TEMPLATE = "export.html"
FORMAT_LABELS = {
    "ftm": N_("FollowTheMoney entities (JSON Lines)"),
    "htcds": N_("HTCDS 2.0 victim case table (CSV)"),
    "ctdc": N_("CTDC k-anonymised victim table (CSV)"),
    "glotip": N_("UNODC GLOTIP indicators (CSV)"),
    "xlsx": N_("Workbook for officials (XLSX)"),
    "json": N_("All visible records (JSON)"),
}
LANGUAGES = {"en": "English", "ru": "Русский"}
DEFAULTS = {"format": "xlsx", "lang": "en", "k": "11"}


def _context(page: Page, form: FormInput) -> dict[str, Any]:
    may_release = page.user.viewer.role == Role.case_worker
    return {
        "form": form,
        "formats": [(name, page._(FORMAT_LABELS[name])) for name in FORMATS],
        "export_languages": list(LANGUAGES.items()),
        "may_release": may_release,
    }


@router.get("/export")
def export_form(page: SignedIn) -> Response:
    page.user.require(Permission.export, "records")
    form = FormInput.blank(
        page.lang, {**DEFAULTS, "lang": page.lang if page.lang in LANGUAGES else "en"}
    )
    return page.render(TEMPLATE, _context(page, form))


@router.post("/export")
def export_download(page: SignedIn, data: Form) -> Response:
    page.user.require(Permission.export, "records")
    form = FormInput(data, page.lang)
    form_token.verify(page.request, form.raw("form_token"))
    chosen = form.choice("format", FORMAT_LABELS, required=True)
    lang = form.choice("lang", LANGUAGES, required=True)
    k = form.integer("k", 2, 1000, required=chosen == "ctdc") or 11
    purpose = None
    if page.user.viewer.role == Role.case_worker:
        purpose = form.code("identities_for", "consent_purpose")
    if chosen is None or lang is None or not form.ok:
        raise page.reject(TEMPLATE, _context(page, form))
    result = import_runs.export_file(
        page.request, Who.of(page.user, page.db), chosen, lang, k, purpose
    )
    return FileResponse(
        result.output,
        media_type=import_runs.MEDIA_TYPES[chosen],
        filename=import_runs.download_name(chosen),
        headers={"Cache-Control": "no-store"},
        background=BackgroundTask(import_runs.remove_export, result.output),
    )

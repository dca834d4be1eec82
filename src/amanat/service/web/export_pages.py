"""Exporting in the browser: choose a format, the language of its headings and, for
the CTDC table, k — then download what ``amanat export`` would write for the user.

The download is the answer to a POST with a form token: an export is an audited
act, which a link on another site must not be able to make in the user's name.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.datastructures import FormData

from amanat.access.roles import Role
from amanat.actions import exports
from amanat.actions.door import admit, binds, declaration_of
from amanat.exchange.export import FORMATS, ExportRequest
from amanat.language import i18n
from amanat.language.i18n import N_
from amanat.service import limits
from amanat.service.deps import committed
from amanat.service.import_runs import download, export_file
from amanat.service.web import form_token
from amanat.service.web.form_input import FormInput, read_form
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
    "stix": N_("STIX 2.1 bundle for CERTs, MISP and OpenCTI (JSON)"),
}
# Headings and labels in any of Amanat's languages, each named in itself.
LANGUAGES = i18n.NATIVE_NAMES
DEFAULTS = {"format": "xlsx", "lang": "en", "k": "11"}


def _may_release(page: Page) -> bool:
    """Whether to offer identities at all: only an owner organisation's case workers
    can ever receive one (``exchange.identities`` decides each)."""
    return bool(page.ctx.viewer.role == Role.case_worker)


def _context(page: Page, form: FormInput) -> dict[str, Any]:
    return {
        "form": form,
        "formats": [(name, page._(FORMAT_LABELS[name])) for name in FORMATS],
        "export_languages": list(LANGUAGES.items()),
        "may_release": _may_release(page),
    }


@router.get("/export")
@binds(exports.run_export)
def export_form(page: SignedIn) -> Response:
    # The form only for those the door would let export (the action asks again).
    admit(declaration_of(exports.run_export), page.ctx.actor)
    form = FormInput.blank(
        page.lang, {**DEFAULTS, "lang": page.lang if page.lang in LANGUAGES else "en"}
    )
    return page.render(TEMPLATE, _context(page, form))


@router.post("/export")
@binds(exports.run_export)
def export_download(page: SignedIn, data: Form) -> Response:
    admit(declaration_of(exports.run_export), page.ctx.actor)
    form = FormInput(data, page.lang)
    form_token.verify(page.request, form.raw("form_token"))
    chosen = form.choice("format", FORMAT_LABELS, required=True)
    lang = form.choice("lang", LANGUAGES, required=True)
    k = form.integer("k", 2, 1000, required=chosen == "ctdc") or 11
    purpose = form.code("identities_for", "consent_purpose") if _may_release(page) else None
    if chosen is None or lang is None or not form.ok:
        raise page.reject(TEMPLATE, _context(page, form))
    with export_file(page.request, chosen) as path:
        job = ExportRequest(chosen, path, lang, k, purpose)
        result = limits.bounded_export(page.request, page.ctx, job)
        # The file takes its name when the transaction (with its audit entry) commits.
        return committed(page.ctx, download(result))

"""Opening a case."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.datastructures import FormData

from amanat.actions import records
from amanat.actions.door import binds
from amanat.language.i18n import N_
from amanat.register import Case
from amanat.service.web import form_writes
from amanat.service.web.form_input import FormInput, read_form
from amanat.service.web.form_writes import Fields
from amanat.service.web.page import FormRejected, Page, SignedIn

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
TEMPLATE = "case_form.html"
CASE_FIELDS = (
    "case_type",
    "jurisdiction",
    "case_number",
    "status",
    "opened_on",
    "title",
    "summary",
)


def _context(page: Page, form: FormInput) -> dict[str, Any]:
    return {"form": form, **form_writes.marking_context(page)}


@router.get("/cases/new")
@binds(*form_writes.CREATING, records.get_organisation)
def case_form(page: SignedIn) -> Response:
    form_writes.offer(page, records.create_records)
    org = records.get_organisation(page.ctx, page.ctx.viewer.org_id)
    defaults = {
        **form_writes.MARKING_DEFAULTS,
        "jurisdiction": org.country,
        "status": "investigation",
        "opened_on": dt.date.today().isoformat(),
    }
    return page.render(TEMPLATE, _context(page, FormInput.blank(page.lang, defaults)))


def _read(page: Page, form: FormInput) -> dict[str, Any]:
    case: dict[str, Any] = {
        "kind": "case",
        "ref": "case",
        "case_type": form.code("case_type", "case_type", required=True),
        "jurisdiction": form.code("jurisdiction", "country", required=True),
        "case_number": form.text("case_number", limit=80),
        "status": form.code("status", "case_status", required=True),
        "opened_on": form.field("opened_on", Case.opened_on),
        "title": form.text("title", limit=300),
        "summary": form.text("summary"),
        **form_writes.read_marking(page, form),
    }
    return {
        k: v.isoformat() if isinstance(v, dt.date) else v for k, v in case.items() if v is not None
    }


@router.post("/cases/new")
@binds(*form_writes.CREATING)
def create_case(page: SignedIn, data: Form) -> Response:
    form_writes.offer(page, records.create_records)
    form = FormInput(data, page.lang)

    def rejected(p: Page) -> FormRejected:
        return p.reject(TEMPLATE, _context(p, form))

    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        case = _read(page, form)
        if not form.ok:
            raise rejected(page)
        fields: Fields = {(0, name): name for name in CASE_FIELDS}
        ids = form_writes.create(page, form, [case], fields, rejected)
        url = f"/cases/{ids['case']}"
        claimed.complete(page.db, url)
        return page.redirect(url, N_("The case was opened."))

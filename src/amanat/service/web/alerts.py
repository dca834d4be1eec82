"""Auditors acknowledge an alert on unusual access, from the alerts page or their
start page (``actions.alerts``); the alert stays on the alerts page, marked."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.datastructures import FormData

from amanat.actions import alerts
from amanat.actions.door import binds
from amanat.language.i18n import N_
from amanat.service.web.form_input import FormInput, read_form
from amanat.service.web.page import SignedIn

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
# Where an acknowledgement may send the auditor back to (never a URL from the form).
BACK = {"start": "/", "alerts": "/audit/alerts"}


@router.post("/audit/alerts/acknowledgement")
@binds(alerts.acknowledge)
def acknowledge(page: SignedIn, data: Form) -> Response:
    form = FormInput(data, page.lang)
    back = BACK.get(form.raw("back"), BACK["alerts"])
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        rule_id = form.raw("rule")
        first_seq = form.integer("seq", 1, 2**62, required=True)
        note = form.text("note", limit=alerts.MAX_NOTE)
        if first_seq is None or not rule_id:
            return page.redirect(back, N_("This alert was not found."))
        alerts.acknowledge(page.ctx, rule_id, first_seq, note)
        claimed.complete(page.db, back)
        return page.redirect(back, N_("The alert was acknowledged."))

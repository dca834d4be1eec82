"""A protected person's identity on their page: the pseudonym always, the identity
only on request, for a stated purpose, to those allowed to see it.

Revealing is a deliberate act (a button, a purpose), never a side effect of opening
a page, so the audit trail's "reveal_identity" entries mean someone chose to look.
The identity travels only in the body of the answer to that POST: never in a URL,
never in a log, never kept by the browser (pages are ``no-store``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.datastructures import FormData

from amanat.actions.door import binds
from amanat.actions.people.identity import reveal_identity
from amanat.service.web import form_token
from amanat.service.web.form_input import FormInput, read_form
from amanat.service.web.page import Page, SignedIn
from amanat.service.web.record_pages import ACTIONS, record_context

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]


def _reveal(page: Page, kind: str, record_id: int, data: FormData) -> Response:
    """The record's page again, with the identity (or a refusal) in its panel."""
    form = FormInput(data, page.lang)
    form_token.verify(page.request, form.raw("form_token"))
    purpose = form.code("purpose", "consent_purpose", required=True) or "assistance"
    shown = reveal_identity(page.ctx, kind, record_id, purpose)
    context = record_context(page, kind, record_id, revealed=shown)
    return page.render(context["template"], context)


@router.post("/people/{record_id:int}/identity")
@binds(reveal_identity, *ACTIONS)
def reveal_person(page: SignedIn, record_id: int, data: Form) -> Response:
    return _reveal(page, "person", record_id, data)


@router.post("/victims/{record_id:int}/identity")
@binds(reveal_identity, *ACTIONS)
def reveal_victim(page: SignedIn, record_id: int, data: Form) -> Response:
    return _reveal(page, "victim", record_id, data)

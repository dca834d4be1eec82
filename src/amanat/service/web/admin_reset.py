"""The page a password-reset link opens (``actions.account_recovery``): the user,
signed in or not, chooses a new password.  A link that is spent, expired or forged
answers the same page, saying only that it is not valid any more."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import Response

from amanat.actions import account_recovery
from amanat.actions.door import binds
from amanat.actions.errors import FieldProblem, NotFound
from amanat.language.i18n import N_
from amanat.service.web import form_token
from amanat.service.web.page import Anyone, Page

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form()]
TEMPLATE = "admin_reset_password.html"


def _secret(page: Page) -> str:
    return str(page.request.app.state.settings.secret_key)


@router.get("/reset/{token}", name="reset_page")
@binds(account_recovery.reset_check)
def reset_page(page: Anyone, token: str) -> Response:
    try:
        username = account_recovery.reset_check(page.ctx, token, _secret(page))
    except NotFound:
        return page.render(TEMPLATE, {"valid": False}, status_code=404)
    return page.render(TEMPLATE, {"valid": True, "username": username, "error": None})


@router.post("/reset/{token}")
@binds(account_recovery.reset_password)
def reset(
    page: Anyone,
    token: str,
    password: FormText = "",
    form_token_value: Annotated[str, Form(alias=form_token.FIELD)] = "",
) -> Response:
    form_token.verify(page.request, form_token_value)
    try:
        account_recovery.reset_password(page.ctx, token, _secret(page), password)
    except NotFound:
        return page.render(TEMPLATE, {"valid": False}, status_code=404)
    except FieldProblem:
        context = {"valid": True, "username": "", "error": N_("At least 12 characters.")}
        return page.render(TEMPLATE, context, status_code=422)
    return page.redirect("/login", N_("Your new password is set. Sign in with it."))

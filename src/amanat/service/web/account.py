"""The signed-in user's own account: details, language, their own API tokens, and —
for an organisation's designated approver — the requests for roles that read records.

A token is made here, by its own user, and shown once; nobody makes a token for
anybody else (``actions.tokens``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.datastructures import FormData

from amanat.actions import accounts, signing_in, tokens
from amanat.actions.door import binds
from amanat.language.i18n import N_
from amanat.register import InvalidValue
from amanat.register.base import utcnow
from amanat.service.web import form_token
from amanat.service.web.form_input import FormInput, read_form
from amanat.service.web.page import Page, SignedIn

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
TEMPLATE = "account.html"


def _context(page: Page, form: FormInput, created: str | None = None) -> dict[str, Any]:
    me = signing_in.own_account(page.ctx)
    return {
        "form": form,
        "created": created,
        "own_tokens": tokens.own_tokens(page.ctx),
        "approves": bool(me.approves_accounts),
        "now": utcnow(),
    }


@router.get("/account")
@binds(signing_in.own_account, tokens.own_tokens, tokens.create_own_token)
def account(page: SignedIn) -> Response:
    form = FormInput.blank(page.lang, {"days": "90"})
    return page.render(TEMPLATE, _context(page, form))


@router.post("/account/tokens")
@binds(tokens.create_own_token, signing_in.own_account, tokens.own_tokens)
def create_token(page: SignedIn, data: Form) -> Response:
    form = FormInput(data, page.lang)
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            # The token text is shown once only; a repeated submit shows the list.
            return page.redirect(claimed.done_url)
        name = form.text("name", required=True, limit=120)
        days = form.integer("days", 1, tokens.MAX_DAYS, required=True)
        if not form.ok or name is None or days is None:
            raise page.reject(TEMPLATE, _context(page, form))
        _, text = tokens.create_own_token(page.ctx, name, days, form.flag("read_only"))
        claimed.complete(page.db, "/account")
        return page.render(
            TEMPLATE, _context(page, FormInput.blank(page.lang, {"days": "90"}), text)
        )


@router.post("/account/tokens/{token_id:int}/revoke")
@binds(tokens.revoke_token)
def revoke_token(page: SignedIn, token_id: int, data: Form) -> Response:
    form_token.verify(page.request, FormInput(data, page.lang).raw("form_token"))
    tokens.revoke_token(page.ctx, token_id)
    return page.redirect("/account", N_("The token was revoked."))


@router.get("/account/approvals")
@binds(accounts.role_requests_to_decide, accounts.decide_role_request)
def approvals(page: SignedIn) -> Response:
    waiting = accounts.role_requests_to_decide(page.ctx)
    return page.render("account_approvals.html", {"waiting": waiting})


@router.post("/account/approvals/{request_id:int}")
@binds(accounts.decide_role_request)
def decide(page: SignedIn, request_id: int, data: Form) -> Response:
    form = FormInput(data, page.lang)
    form_token.verify(page.request, form.raw("form_token"))
    approve = form.raw("decision") == "approve"
    try:
        accounts.decide_role_request(page.ctx, request_id, approve, form.text("note") or None)
    except InvalidValue:
        return page.redirect("/account/approvals", N_("This request was already decided."))
    message = N_("The role was granted.") if approve else N_("The request was refused.")
    return page.redirect("/account/approvals", message)

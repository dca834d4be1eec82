"""Administrators: the directory of organisations (kept by the system operator), and
the users and API tokens of their own organisation — never records, never another
organisation's accounts.

Every change goes through the actions layer (``amanat.actions.accounts`` and
``tokens``), which checks the permission and the organisation and writes the audit
entry.  Administrators make no tokens: each user makes their own on the Account
page, so no administrator can act as anyone else.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.datastructures import FormData

from amanat.access.accounts import LANGUAGES, AccountError
from amanat.access.roles import Role
from amanat.actions import (
    account_lists,
    account_recovery,
    accounts,
    organisation_names,
    records,
    tokens,
)
from amanat.actions.door import Refused, allowed, binds
from amanat.language import i18n
from amanat.language.i18n import N_
from amanat.register import InvalidValue
from amanat.register.base import utcnow
from amanat.service.web import admin_forms, admin_lists, form_token
from amanat.service.web.field_labels import ROLE_LABELS
from amanat.service.web.form_input import FormInput, read_form
from amanat.service.web.page import Page, SignedIn

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]


@router.get("/admin/organisations")
@binds(records.list_organisations, organisation_names.name_organisation)
def organisations(page: SignedIn) -> Response:
    orgs = sorted(records.list_organisations(page.ctx).items, key=lambda o: o.code)
    # Only one's own organisation is offered for naming (the action asks again).
    own = (
        page.ctx.viewer.org_id if allowed(page.ctx, organisation_names.name_organisation) else None
    )
    context = {"orgs": orgs, "codes": {o.id: o.code for o in orgs}, "nameable": own}
    return page.render("admin_organisations.html", context)


def _users_context(page: Page, form: FormInput) -> dict[str, Any]:
    wanted = admin_lists.users_wanted(page)
    listed = account_lists.find_users(page.ctx, **wanted.arguments)
    now = utcnow()
    return {
        "users": [(user, account_lists.state_of(user, now)) for user, _ in listed.rows],
        "codes": {user.org_id: code for user, code in listed.rows},
        "listed": listed,
        "wanted": wanted,
        "states": [(s.name, page._(s.value)) for s in account_lists.AccountState],
        "sorts": admin_lists.user_sorts(page),
        "form": form,
        "roles": [(r.value, page._(ROLE_LABELS[r.value])) for r in Role],
        "user_languages": [(c, i18n.NATIVE_NAMES.get(c, c)) for c in LANGUAGES],
        "now": utcnow(),
    }


@router.get("/admin/users")
@binds(account_lists.find_users, accounts.add_user, accounts.change_user)
def users(page: SignedIn) -> Response:
    form = FormInput.blank(page.lang, {"language": "ru", "role": "investigator"})
    return page.render("admin_users.html", _users_context(page, form))


@router.post("/admin/users")
@binds(accounts.add_user, account_lists.find_users)
def add_user(page: SignedIn, data: Form) -> Response:
    form = FormInput(data, page.lang)
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        values = admin_forms.user(form)
        added = None
        if form.ok:
            try:
                added = accounts.add_user(page.ctx, **values)
            except AccountError:
                form.error("username", N_("This user name is taken."))
            except InvalidValue as exc:
                form.error(exc.field.split(".")[-1], N_("Choose one of the options."))
        if not form.ok or added is None:
            raise page.reject("admin_users.html", _users_context(page, form))
        claimed.complete(page.db, "/admin/users")
        if added.request is not None:
            return page.redirect(
                "/admin/users",
                N_(
                    "The user was added. The account opens when your organisation's "
                    "approver approves its role."
                ),
            )
        return page.redirect("/admin/users", N_("The user was added."))


def _change(page: Page, user_id: int, data: FormData, **change: Any) -> accounts.Changed:
    form_token.verify(page.request, FormInput(data, page.lang).raw("form_token"))
    return accounts.change_user(page.ctx, user_id, **change)


@router.post("/admin/users/{user_id:int}/active")
@binds(accounts.change_user)
def set_active(page: SignedIn, user_id: int, data: Form) -> Response:
    active = FormInput(data, page.lang).raw("active") == "yes"
    try:
        _change(page, user_id, data, is_active=active)
    except Refused:
        return page.redirect("/admin/users", N_("You cannot disable your own account."))
    message = N_("The account was enabled.") if active else N_("The account was disabled.")
    return page.redirect("/admin/users", message)


@router.post("/admin/users/{user_id:int}/unlock")
@binds(account_recovery.unlock)
def unlock(page: SignedIn, user_id: int, data: Form) -> Response:
    form = FormInput(data, page.lang)
    form_token.verify(page.request, form.raw("form_token"))
    account_recovery.unlock(page.ctx, user_id)
    back = "/" if form.raw("back") == "start" else "/admin/users"
    return page.redirect(back, N_("The account was unlocked."))


@router.post("/admin/users/{user_id:int}/reset-link")
@binds(account_recovery.reset_link)
def reset_link(page: SignedIn, user_id: int, data: Form) -> Response:
    """The link is shown once, on this answer, for the administrator to give to the
    user by a channel they trust; it is never kept or sent from here."""
    form_token.verify(page.request, FormInput(data, page.lang).raw("form_token"))
    if page.ctx.actor.user is not None and page.ctx.actor.user.id == user_id:
        return page.redirect("/admin/users", N_("Change your own password on your Account page."))
    secret = page.request.app.state.settings.secret_key
    token = account_recovery.reset_link(page.ctx, user_id, secret)
    link = str(page.request.url_for("reset_page", token=token))
    hours = account_recovery.LINK_SECONDS // 3600
    return page.render("admin_reset_link.html", {"link": link, "hours": hours})


@router.post("/admin/users/{user_id:int}/role")
@binds(accounts.change_user)
def set_role(page: SignedIn, user_id: int, data: Form) -> Response:
    role = FormInput(data, page.lang).raw("role")
    if role not in {r.value for r in Role}:
        return page.redirect("/admin/users", N_("Choose one of the options."))
    try:
        changed = _change(page, user_id, data, role=role)
    except Refused:
        return page.redirect("/admin/users", N_("Nobody changes their own role."))
    if changed.request is not None:
        return page.redirect(
            "/admin/users",
            N_("The new role takes effect when your organisation's approver approves it."),
        )
    return page.redirect(
        "/admin/users", N_("The role was changed; the account's sessions and tokens have ended.")
    )


@router.get("/admin/tokens")
@binds(account_lists.find_tokens, tokens.revoke_token)
def token_list(page: SignedIn) -> Response:
    wanted = admin_lists.tokens_wanted(page)
    listed = account_lists.find_tokens(page.ctx, **wanted.arguments)
    rows = [(token, user.username) for token, user in listed.rows]
    context = {
        "tokens": rows,
        "now": utcnow(),
        "listed": listed,
        "wanted": wanted,
        "states": [(s.name, page._(s.value)) for s in account_lists.TokenState],
        "sorts": admin_lists.token_sorts(page),
    }
    return page.render("admin_tokens.html", context)


@router.post("/admin/tokens/{token_id:int}/revoke")
@binds(tokens.revoke_token)
def revoke_token(page: SignedIn, token_id: int, data: Form) -> Response:
    form_token.verify(page.request, FormInput(data, page.lang).raw("form_token"))
    tokens.revoke_token(page.ctx, token_id)
    return page.redirect("/admin/tokens", N_("The token was revoked."))

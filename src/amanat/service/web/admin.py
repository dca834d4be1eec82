"""Administrators: organisations, users and API tokens — and never records.

Nothing here reads a record; an administrator who needs to see one asks for an
emergency read like anyone else.  A new token is shown once, on the page that
created it, and is never stored in the clear.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlalchemy import select
from starlette.datastructures import FormData

from amanat.access import accounts
from amanat.access.accounts import AccountError
from amanat.access.models import ApiToken, User
from amanat.access.roles import Permission, Role
from amanat.register import InvalidValue, Organisation
from amanat.service.web import admin_forms, form_token, i18n
from amanat.service.web.form_input import FormInput, read_form
from amanat.service.web.i18n import N_
from amanat.service.web.page import Page, SignedIn

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]


def _admin(page: Page) -> None:
    page.user.require(Permission.administer, "accounts")


@router.get("/admin/organisations")
def organisations(page: SignedIn) -> Response:
    _admin(page)
    context = _organisations_context(page, FormInput.blank(page.lang, {"kind": "police"}))
    return page.render("admin_organisations.html", context)


@router.post("/admin/organisations")
def add_organisation(page: SignedIn, data: Form) -> Response:
    _admin(page)
    form = FormInput(data, page.lang)
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        values = admin_forms.organisation(form)
        if form.ok:
            try:
                accounts.add_organisation(page.db, **values)
            except AccountError:
                form.error("code", N_("An organisation with this code exists already."))
        if not form.ok:
            raise page.reject("admin_organisations.html", _organisations_context(page, form))
        claimed.complete(page.db, "/admin/organisations")
        return page.redirect("/admin/organisations", N_("The organisation was added."))


def _organisations_context(page: Page, form: FormInput) -> dict[str, Any]:
    orgs = list(page.db.scalars(select(Organisation).order_by(Organisation.code)))
    return {
        "orgs": orgs,
        "codes": {o.id: o.code for o in orgs},
        "form": form,
        "parents": [("", "—"), *((o.code, o.code) for o in orgs)],
    }


def _users_context(page: Page, form: FormInput) -> dict[str, Any]:
    users = list(page.db.scalars(select(User).order_by(User.username)))
    orgs = list(page.db.scalars(select(Organisation).order_by(Organisation.code)))
    return {
        "users": users,
        "codes": {o.id: o.code for o in orgs},
        "form": form,
        "org_choices": [("", "—"), *((o.code, f"{o.code} — {o.name}") for o in orgs)],
        "roles": [(r.value, r.value) for r in Role],
        "user_languages": [(c, i18n.NATIVE_NAMES.get(c, c)) for c in accounts.LANGUAGES],
    }


@router.get("/admin/users")
def users(page: SignedIn) -> Response:
    _admin(page)
    form = FormInput.blank(page.lang, {"language": "ru", "role": "investigator"})
    return page.render("admin_users.html", _users_context(page, form))


@router.post("/admin/users")
def add_user(page: SignedIn, data: Form) -> Response:
    _admin(page)
    form = FormInput(data, page.lang)
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        values = admin_forms.user(form)
        if form.ok:
            try:
                accounts.add_user(page.db, **values)
            except AccountError:
                form.error("username", N_("This user name is taken."))
            except InvalidValue as exc:
                form.error(exc.field.split(".")[-1], N_("Choose one of the options."))
        if not form.ok:
            raise page.reject("admin_users.html", _users_context(page, form))
        claimed.complete(page.db, "/admin/users")
        return page.redirect("/admin/users", N_("The user was added."))


@router.post("/admin/users/{user_id:int}/active")
def set_active(page: SignedIn, user_id: int, data: Form) -> Response:
    _admin(page)
    form = FormInput(data, page.lang)
    form_token.verify(page.request, form.raw("form_token"))
    user = page.db.get(User, user_id)
    if user is None or user.id == page.user.user.id:
        return page.redirect("/admin/users", N_("You cannot disable your own account."))
    user.is_active = form.raw("active") == "yes"
    if user.is_active:
        user.failed_logins, user.locked_until = 0, None
    message = N_("The account was enabled.") if user.is_active else N_("The account was disabled.")
    return page.redirect("/admin/users", message)


def _tokens_context(page: Page, form: FormInput, created: str | None) -> dict[str, Any]:
    rows = page.db.execute(
        select(ApiToken, User.username)
        .join(User, User.id == ApiToken.user_id)
        .order_by(ApiToken.id.desc())
        .limit(500)
    ).all()
    names = [(u, u) for u in page.db.scalars(select(User.username).order_by(User.username))]
    return {
        "tokens": rows,
        "form": form,
        "created": created,
        "usernames": [("", "—"), *names],
        "now": dt.datetime.now(dt.UTC),
    }


@router.get("/admin/tokens")
def tokens(page: SignedIn) -> Response:
    _admin(page)
    form = FormInput.blank(page.lang, {"days": "90"})
    return page.render("admin_tokens.html", _tokens_context(page, form, None))


@router.post("/admin/tokens")
def create_token(page: SignedIn, data: Form) -> Response:
    _admin(page)
    form = FormInput(data, page.lang)
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            # The token text is shown once only; a repeated submit shows the list.
            return page.redirect(claimed.done_url)
        username = form.text("username", required=True, limit=80)
        name = form.text("name", required=True, limit=120)
        days = form.integer("days", 1, 366, required=True)
        if not form.ok or username is None or name is None or days is None:
            raise page.reject("admin_tokens.html", _tokens_context(page, form, None))
        try:
            _, text = accounts.create_token(
                page.db, username, name, dt.timedelta(days=days), form.flag("read_only")
            )
        except AccountError:
            form.error("username", N_("There is no such user."))
            raise page.reject("admin_tokens.html", _tokens_context(page, form, None)) from None
        claimed.complete(page.db, "/admin/tokens")
        blank = FormInput.blank(page.lang, {"days": "90"})
        return page.render("admin_tokens.html", _tokens_context(page, blank, text))


@router.post("/admin/tokens/{token_id:int}/revoke")
def revoke_token(page: SignedIn, token_id: int, data: Form) -> Response:
    _admin(page)
    form_token.verify(page.request, FormInput(data, page.lang).raw("form_token"))
    try:
        accounts.revoke_token(page.db, token_id)
    except AccountError:
        return page.redirect("/admin/tokens")
    return page.redirect("/admin/tokens", N_("The token was revoked."))

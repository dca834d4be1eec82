"""Signing in and out, and choosing the language.

Every login and failed login is in the audit trail; a failed one is committed
although the login fails, so repeated guessing shows up in the alerts.  The page
says nothing about why a login failed.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import Response

from amanat.access import audit_store
from amanat.access.accounts import authenticate
from amanat.service.web import form_token, i18n
from amanat.service.web.i18n import N_
from amanat.service.web.page import Anyone, Page, SignedIn, safe_path

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form()]
MAX_CREDENTIAL = 300


def _hint(page: Page) -> bool:
    """Whether to say that sign-in needs HTTPS: with secure cookies on, a browser on
    plain HTTP never sends the session cookie back, and every sign-in would fail."""
    settings = page.request.app.state.settings
    return bool(settings.secure_cookies) and page.request.url.scheme == "http"


@router.get("/login")
def login_page(page: Anyone, next: str | None = None) -> Response:
    if page.caller is not None:
        return page.redirect(safe_path(next))
    context = {"next": safe_path(next), "error": None, "username": "", "https_hint": _hint(page)}
    return page.render("login.html", context)


@router.post("/login")
def login(
    page: Anyone,
    username: FormText = "",
    password: FormText = "",
    totp: FormText = "",
    next: FormText = "/",
    form_token_value: Annotated[str, Form(alias=form_token.FIELD)] = "",
) -> Response:
    form_token.verify(page.request, form_token_value)  # login CSRF
    name = username.strip()[:MAX_CREDENTIAL]
    outcome = authenticate(page.db, name, password[:MAX_CREDENTIAL], totp.strip() or None)
    user = outcome.user
    if user is None:
        audit_store.append(
            page.db,
            "login_failed",
            target_kind="user",
            target_id=name[:80],
            detail={"reason": outcome.reason},
        )
        # Rendered, not raised: the failure and the lockout count must be committed.
        error = N_("Wrong user name or password.")
        context = {
            "next": safe_path(next),
            "error": error,
            "username": name,
            "https_hint": _hint(page),
        }
        return page.render("login.html", context, status_code=401)
    audit_store.append(page.db, "login", user_id=user.id, org_id=user.org_id)
    session = page.request.session
    # A new session on login, form secret included: nothing from before carries over.
    session.clear()
    session["user_id"] = user.id
    session["lang"] = i18n.supported(user.language) or page.lang
    return page.redirect(safe_path(next))


@router.post("/logout")
def logout(
    page: Anyone, form_token_value: Annotated[str, Form(alias=form_token.FIELD)] = ""
) -> Response:
    form_token.verify(page.request, form_token_value)
    if page.caller is not None:
        audit_store.append(
            page.db, "logout", user_id=page.caller.user.id, org_id=page.caller.user.org_id
        )
    lang = page.lang
    page.request.session.clear()
    page.request.session["lang"] = lang
    return page.redirect("/login", N_("You are signed out."))


@router.post("/language")
def choose_language(
    page: Anyone,
    language: FormText = "",
    back: FormText = "/",
    form_token_value: Annotated[str, Form(alias=form_token.FIELD)] = "",
) -> Response:
    form_token.verify(page.request, form_token_value)
    chosen = i18n.supported(language) or page.lang
    page.request.session["lang"] = chosen
    if page.caller is not None:
        # The user's own preference, kept with the account for every later visit.
        page.caller.user.language = chosen
    return page.redirect(safe_path(back))


@router.get("/account")
def account(page: SignedIn) -> Response:
    return page.render("account.html")

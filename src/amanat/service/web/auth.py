"""Signing in and out, and choosing the language.

Every login and failed login is in the audit trail; a failed one is committed
although the login fails, so repeated guessing shows up in the alerts.  The page
says nothing about why a login failed.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import Response

from amanat.actions import signing_in
from amanat.actions.door import binds
from amanat.language import i18n
from amanat.language.i18n import N_
from amanat.service.web import device, form_token
from amanat.service.web.page import SESSION_KEY, Anyone, Page, safe_path

router = APIRouter(include_in_schema=False)
# The session's entry for a language a visitor chose before signing in.
CHOSEN_SIGNED_OUT = "lang_chosen"
FormText = Annotated[str, Form()]


def _hint(page: Page) -> bool:
    """Whether to say that sign-in needs HTTPS: with secure cookies on, a browser on
    plain HTTP never sends the session cookie back, and every sign-in would fail."""
    settings = page.request.app.state.settings
    return bool(settings.secure_cookies) and page.request.url.scheme == "http"


@router.get("/login")
@binds(signing_in.sign_in)
def login_page(page: Anyone, next: str | None = None) -> Response:
    if page.caller is not None:
        return page.redirect(safe_path(next))
    context = {
        "next": safe_path(next),
        "error": None,
        "username": "",
        "https_hint": _hint(page),
        "chosen": _chosen(page, ""),
    }
    return page.render("login.html", context)


def _chosen(page: Page, language: str) -> str:
    """The language the sign-in form offers to keep with the account: the one just
    chosen on the form, else one a visitor chose with the header's switch before
    signing in, else none (the account's own stays).  Not merely the language of the
    last session: on a shared computer, the next person would take it on."""
    earlier = page.request.session.get(CHOSEN_SIGNED_OUT)
    return i18n.supported(language) or i18n.supported(earlier) or ""


@router.post("/login")
@binds(signing_in.sign_in)
def login(
    page: Anyone,
    username: FormText = "",
    password: FormText = "",
    totp: FormText = "",
    language: FormText = "",
    next: FormText = "/",
    form_token_value: Annotated[str, Form(alias=form_token.FIELD)] = "",
) -> Response:
    form_token.verify(page.request, form_token_value)  # login CSRF
    signed = signing_in.sign_in(
        page.ctx,
        username,
        password,
        totp.strip() or None,
        client=device.client_address(page.request),
        trusted_device=device.trusted_account(page.request),
        language=i18n.supported(language),
    )
    if signed.wait is not None:
        context = {
            "next": safe_path(next),
            "error": N_("Too many failed sign-ins. Wait a few minutes and try again."),
            "username": username.strip()[: signing_in.MAX_CREDENTIAL],
            "https_hint": _hint(page),
            "chosen": _chosen(page, language),
        }
        refused = page.render("login.html", context, status_code=429)
        refused.headers["Retry-After"] = str(int(signed.wait.total_seconds()) + 1)
        return refused
    if signed.user is None or signed.key is None:
        # Rendered, not raised: the failure and the lockout count must be committed.
        error = N_("Wrong user name or password.")
        context = {
            "next": safe_path(next),
            "error": error,
            "username": username.strip()[: signing_in.MAX_CREDENTIAL],
            "https_hint": _hint(page),
            "chosen": _chosen(page, language),
        }
        return page.render("login.html", context, status_code=401)
    session = page.request.session
    # A new session on login, form secret included: nothing from before carries over.
    session.clear()
    session[SESSION_KEY] = signed.key
    session["lang"] = i18n.supported(signed.user.language) or page.lang
    answer = page.redirect(safe_path(next))
    device.remember(page.request, answer, signed.user.id)
    return answer


@router.post("/logout")
@binds(signing_in.sign_out)
def logout(
    page: Anyone, form_token_value: Annotated[str, Form(alias=form_token.FIELD)] = ""
) -> Response:
    form_token.verify(page.request, form_token_value)
    key = page.request.session.get(SESSION_KEY)
    if page.caller is not None and isinstance(key, str):
        signing_in.sign_out(page.ctx, key)
    lang = page.lang
    page.request.session.clear()
    page.request.session["lang"] = lang
    return page.redirect("/login", N_("You are signed out."))


@router.post("/language")
@binds(signing_in.choose_language)
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
        signing_in.choose_language(page.ctx, chosen)
    else:
        page.request.session[CHOSEN_SIGNED_OUT] = chosen
    return page.redirect(safe_path(back))

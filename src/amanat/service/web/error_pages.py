"""Errors as friendly pages in the user's language, for everything outside /api.

The API's JSON answers (``amanat.service.errors``) stay as they are: each handler
here hands /api requests to the API's own handler.  A page that is missing and a
record the user may not see get the same page, as in the API.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from amanat.access.accounts import AccountError
from amanat.access.roles import PermissionDenied
from amanat.access.sharing import NotFound
from amanat.actions.records.kinds import KIND_BY_PATH
from amanat.language import i18n
from amanat.language.i18n import N_
from amanat.register import InvalidValue
from amanat.register.name_key_version import StaleNameKeys
from amanat.service import errors as api_errors
from amanat.service.used_tokens import AlreadyUsed
from amanat.service.web import form_token
from amanat.service.web.form_token import TokenRejected
from amanat.service.web.page import (
    SESSION_KEY,
    FormRejected,
    LoginRequired,
    login_url,
    safe_path,
)
from amanat.service.web.rendering import render_text
from amanat.store import unreachable

Handler = Callable[[Request, Exception], Awaitable[Response]]

# (status, title, explanation), English msgids.
NOT_FOUND = (404, N_("Not found"), N_("There is no such page, or it is not shared with you."))
DENIED = (403, N_("Not allowed"), N_("Your role does not allow this."))
EXPIRED = (
    403,
    N_("This form has expired"),
    N_("The form was open too long or was not sent from Amanat. Reload the page and try again."),
)
CONFLICT = (
    409,
    N_("Changed by someone else"),
    N_("Someone changed this record while you were editing it. Reload it and try again."),
)
REFUSED = (422, N_("Not saved"), N_("The values were not accepted; nothing was saved."))
# The register's name search keys are of an older key function: searching would miss
# people, so it waits for the operator (``amanat.register.name_key_version``).
STALE_NAME_KEYS = (
    503,
    N_("Search by name is unavailable"),
    N_(
        "The register's name search keys were built by an older version of Amanat and "
        "would miss people. The system operator must rebuild them: amanat names rekey"
    ),
)
# The database server is restarting or out of reach: nothing was saved, and the same
# request will work once it is back (``amanat.store.unreachable``).
UNREACHABLE = (
    503,
    N_("Amanat is unavailable for a moment"),
    unreachable.UNREACHABLE,
)
BAD_REQUEST = (400, N_("Bad request"), N_("The request was not understood."))
WRONG_METHOD = (
    405,
    N_("Not possible here"),
    N_("This page cannot be opened this way. Go back and use the page's own links and buttons."),
)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/docs"


def _lang(request: Request) -> str:
    chosen = i18n.supported(request.session.get("lang")) if "session" in request.scope else None
    return chosen or i18n.negotiate(request.headers.get("accept-language", ""))


def _emergency_link(path: str) -> str:
    """Where to ask for emergency access to what was not found: offered on every "not
    found" alike, so it says nothing of whether the record exists."""
    parts = path.strip("/").split("/")
    kind = KIND_BY_PATH.get(parts[0]) if parts else None
    if kind is not None and len(parts) >= 2 and parts[1].isdigit():
        return f"/break-glass?{urlencode({'kind': kind.name, 'id': parts[1]})}"
    return "/break-glass"


def error_page(request: Request, status: int, title: str, text: str) -> HTMLResponse:
    lang = _lang(request)
    has_session = "session" in request.scope
    signed_in = has_session and isinstance(request.session.get(SESSION_KEY), str)
    context: dict[str, object] = {
        "request": request,
        "path": request.url.path,
        "caller": None,
        "organisation": None,
        "role": None,
        "nav": (),
        "nav_current": None,
        "flashes": [],
        "form_token": (lambda: form_token.issue(request)) if has_session else (lambda: ""),
        "status": status,
        "title": i18n.gettext(lang, title),
        "text": i18n.gettext(lang, text),
        "signed_in": signed_in,
        "emergency": _emergency_link(request.url.path) if signed_in and status == 404 else None,
    }
    html = render_text(lang, "error.html", context)
    return HTMLResponse(html, status_code=status)


def _api_handler(exc: Exception) -> Handler | None:
    for cls in type(exc).__mro__:
        if cls in api_errors.HANDLERS:
            return api_errors.HANDLERS[cls]
    return None


def _page(spec: tuple[int, str, str]) -> Handler:
    async def handle(request: Request, exc: Exception) -> Response:
        api = _api_handler(exc)
        if _is_api(request) and api is not None:
            return await api(request, exc)
        return error_page(request, *spec)

    return handle


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if _is_api(request):
        return await http_exception_handler(request, exc)
    if exc.status_code == 401:
        return _to_login(request)
    if exc.status_code == 404:
        return error_page(request, *NOT_FOUND)
    if exc.status_code == 403:
        return error_page(request, *DENIED)
    if exc.status_code == 405:
        return error_page(request, *WRONG_METHOD)
    return error_page(request, exc.status_code, str(exc.detail), "")


async def _validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if _is_api(request):
        return await api_errors.validation(request, exc)
    # A page's path parameters are ids: one that is not a number names nothing.
    if any(error.get("loc", ("",))[0] == "path" for error in exc.errors()):
        return error_page(request, *NOT_FOUND)
    return error_page(request, *BAD_REQUEST)


def _to_login(request: Request) -> Response:
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return _redirect(request, login_url(path))


def _redirect(request: Request, url: str) -> Response:
    if request.headers.get("hx-request"):
        # htmx would swap the login page into a fragment; make it load the page.
        return Response(status_code=204, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


async def _login_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    return _redirect(request, login_url(exc.next_path))


async def _form_rejected(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, FormRejected)
    return exc.response


async def _already_used(request: Request, exc: Exception) -> Response:
    # The same form was saved by a request in another process: show its result.
    assert isinstance(exc, AlreadyUsed)
    return _redirect(request, safe_path(exc.url))


async def _token(request: Request, exc: Exception) -> Response:
    return error_page(request, *EXPIRED)


PAGE_HANDLERS: dict[type[Exception], Handler] = {
    LoginRequired: _login_required,
    FormRejected: _form_rejected,
    TokenRejected: _token,
    AlreadyUsed: _already_used,
    NotFound: _page(NOT_FOUND),
    PermissionDenied: _page(DENIED),
    PermissionError: _page(DENIED),
    StaleDataError: _page(CONFLICT),
    InvalidValue: _page(REFUSED),
    AccountError: _page(REFUSED),
    IntegrityError: _page(REFUSED),
    DataError: _page(REFUSED),
    StaleNameKeys: _page(STALE_NAME_KEYS),
    unreachable.DatabaseUnreachable: _page(UNREACHABLE),
    StarletteHTTPException: _http,
    RequestValidationError: _validation,
}


def install(app: FastAPI) -> None:
    for exception, handler in PAGE_HANDLERS.items():
        app.add_exception_handler(exception, handler)
    # The API's own exceptions (e.g. FieldProblem) get pages too, when not under /api.
    for exception in api_errors.HANDLERS:
        if exception not in PAGE_HANDLERS:
            app.add_exception_handler(exception, _page(REFUSED))

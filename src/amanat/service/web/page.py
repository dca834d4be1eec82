"""What every page handler gets: the request, the door's context (the transaction and
the signed-in user), and the language, with helpers to render, redirect and handle a
form.

A browser is signed in by a session held by the server (``access.sessions``): the
cookie carries the session's key, and the server decides whether the session is
still open.  Pages take no API tokens (see ``service.deps``).

Pages use the API's transaction dependency (``ApiSessionDep``): it commits before
the response is sent, so the browser follows a redirect only to a record that is
stored and a failed commit is an error page, never a false "saved"; and pages and
API calls share one limit on concurrent transactions, as they share one pool.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from amanat.access import sessions
from amanat.access.accounts import may_act
from amanat.actions.actor import Actor, Credential
from amanat.actions.door import Context
from amanat.language import i18n
from amanat.register import Organisation
from amanat.service.deps import ApiSessionDep, door_context
from amanat.service.web import form_token, navigation
from amanat.service.web.rendering import render_text

WebSession = ApiSessionDep
FLASH_KEY = "flash"
# The session cookie's entry that holds the server session's key.
SESSION_KEY = "sid"


class LoginRequired(Exception):
    """A page needs a signed-in user; the answer is the login page, then back."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path
        super().__init__(next_path)


class FormRejected(Exception):
    """Bad input: the answer is the form again, with errors beside the fields.

    Raised (not returned) so the request's transaction rolls back: nothing a
    rejected form started to write is kept.
    """

    def __init__(self, response: HTMLResponse) -> None:
        self.response = response
        super().__init__("form rejected")


def request_language(request: Request, caller: Actor | None) -> str:
    if caller is not None and caller.user is not None:
        found = i18n.supported(caller.user.language)
        if found:
            return found
    chosen = i18n.supported(request.session.get("lang"))
    return chosen or i18n.negotiate(request.headers.get("accept-language", ""))


@dataclass
class Page:
    request: Request
    db: Session
    caller: Actor | None
    lang: str
    _ctx: Context | None = None

    @property
    def user(self) -> Actor:
        """The signed-in caller (pages that allow anonymous visitors check first)."""
        if self.caller is None:
            raise LoginRequired(self.request.url.path)
        return self.caller

    @property
    def ctx(self) -> Context:
        """The door's context: what every action a page takes is called with."""
        if self._ctx is None:
            self._ctx = door_context(self.request, self.db, self.caller or _anonymous())
        return self._ctx

    def _(self, message: str) -> str:
        return i18n.gettext(self.lang, message)

    def context(self) -> dict[str, Any]:
        flashes = self.request.session.pop(FLASH_KEY, None) or []
        role = self.caller.viewer.role if self.caller else None
        items = navigation.menu(role)
        org = self.db.get(Organisation, self.caller.viewer.org_id) if self.caller else None
        return {
            "request": self.request,
            "path": self.request.url.path,
            "caller": self.caller,
            "organisation": org,
            "role": role.value if role else None,
            "nav": items,
            "nav_current": navigation.current(items, self.request.url.path),
            "form_token": lambda: form_token.issue(self.request),
            "flashes": [i18n.gettext(self.lang, str(text)) for text in flashes],
        }

    def render(
        self, name: str, context: Mapping[str, Any] | None = None, status_code: int = 200
    ) -> HTMLResponse:
        html = render_text(self.lang, name, {**self.context(), **(context or {})})
        return HTMLResponse(html, status_code=status_code)

    def reject(self, name: str, context: Mapping[str, Any]) -> FormRejected:
        return FormRejected(self.render(name, context, status_code=422))

    def after_refusal(self, build: Callable[[Page], FormRejected]) -> FormRejected:
        """The form again, after the register refused a write.

        A refused flush leaves the transaction unusable, so it is rolled back here
        and the form is built (``build``) on a fresh session, whose own reads are
        rolled back too: the refused request leaves nothing behind.  ``build`` must
        load what it shows through the page it is given, not reuse loaded records.
        """
        self.db.rollback()
        with self.request.app.state.sessions() as fresh, fresh.begin():
            caller = signed_in_actor(self.request, fresh)
            rejected = build(Page(self.request, fresh, caller, self.lang))
            fresh.rollback()
        return rejected

    def redirect(self, url: str, flash: str | None = None) -> RedirectResponse:
        """303 to ``url``; ``flash`` is an English msgid, shown translated there."""
        if flash:
            self.request.session[FLASH_KEY] = [
                *(self.request.session.get(FLASH_KEY) or []),
                flash,
            ]
        return RedirectResponse(url, status_code=303)

    @contextmanager
    def submission(self, token: str | None) -> Iterator[form_token.Submission]:
        """Claim a one-time form token around the work a POST does; the token is freed
        again if the work fails or is rejected."""
        claimed = form_token.claim(self.request, token, self.db)
        try:
            yield claimed
        finally:
            if claimed.done_url is None and not claimed.completed:
                claimed.release()


def _anonymous() -> Actor:
    return Actor(Credential.anonymous)


def signed_in_actor(request: Request, db: Session) -> Actor | None:
    """The browser's user while its server-held session is open and the account may
    act; else None (and the cookie's stale key is dropped)."""
    if "session" not in request.scope:
        return None
    key = request.session.get(SESSION_KEY)
    if not isinstance(key, str):
        return None
    idle = dt.timedelta(minutes=request.app.state.settings.session_minutes)
    found = sessions.user_for_key(db, key, idle)
    if found is None or not may_act(found.user):
        request.session.pop(SESSION_KEY, None)
        return None
    return Actor(Credential.session, found.user)


def signed_in_page(request: Request, db: WebSession) -> Page:
    caller = signed_in_actor(request, db)
    if caller is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target)
    lang = request_language(request, caller)
    # Error pages have no database at hand: they read the language from the session.
    if request.session.get("lang") != lang:
        request.session["lang"] = lang
    return Page(request, db, caller, lang)


def any_page(request: Request, db: WebSession) -> Page:
    caller = signed_in_actor(request, db)
    return Page(request, db, caller, request_language(request, caller))


SignedIn = Annotated[Page, Depends(signed_in_page)]
Anyone = Annotated[Page, Depends(any_page)]


def safe_path(target: str | None, default: str = "/") -> str:
    """``target`` if it is a path on this site, else ``default``: an open redirect
    would lend Amanat's name to a phishing page."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


def login_url(next_path: str) -> str:
    return "/login?next=" + quote(next_path, safe="/")

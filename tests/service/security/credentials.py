"""How a request presents itself: a web session cookie, an API token, a read-only API
token, or nothing — each to either door, for the matrix to see which door takes what.

Web requests always carry a session cookie with a form secret (signed in or not), and
every web POST a valid one-time form token made with that secret: a refusal must come
from the credential, never from a missing token against cross-site forgery.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, cast

from fastapi import Request
from httpx import Response
from tests.service.security.world import Member, World
from tests.service.web.conftest import session_cookie

from amanat.access import sessions
from amanat.actions.door import Declaration, observing
from amanat.service.web import SESSION_COOKIE, form_token
from amanat.service.web.page import SESSION_KEY
from amanat.store.engine import transaction

FORM_SECRET = "security-suite-form-secret"


class Presented(StrEnum):
    session = "session cookie"
    token = "API token"
    read_only_token = "read-only API token"
    nothing = "no credential"


@dataclass(frozen=True)
class Caller:
    member: Member | None
    presented: Presented

    @property
    def label(self) -> str:
        who = self.member.username if self.member else "anonymous"
        return f"{who} with {self.presented.value}"

    def user_for(self, api: bool) -> Member | None:
        """The user the door should see: the API takes tokens only, the web app its
        session cookie only (``service.deps``); anything else is nobody."""
        taken = {Presented.token, Presented.read_only_token} if api else {Presented.session}
        return self.member if self.presented in taken else None


@dataclass
class Body:
    json: Any = None
    data: dict[str, Any] | None = None
    params: dict[str, Any] | None = None
    files: dict[str, Any] | None = None
    # A session of its own for this one request (signing out ends the session).
    fresh_session: bool = False


@dataclass
class Sent:
    response: Response
    ran: list[Declaration] = field(default_factory=list)


class _SessionHolder:
    """What ``form_token.issue`` reads of a request: its session."""

    def __init__(self) -> None:
        self.session = {form_token.SECRET_KEY: FORM_SECRET}


def a_form_token() -> str:
    return form_token.issue(cast(Request, _SessionHolder()))


def _session_key(world: World, member: Member, fresh: bool) -> str:
    if not fresh:
        return member.session_key
    with transaction(world.engine) as session:
        return sessions.open_session(session, member.user_id)


def headers(world: World, caller: Caller, api: bool, fresh: bool) -> dict[str, str]:
    found: dict[str, str] = {}
    member = caller.member
    cookie: dict[str, object] = {form_token.SECRET_KEY: FORM_SECRET}
    if member is not None and caller.presented is Presented.session:
        cookie[SESSION_KEY] = _session_key(world, member, fresh)
    if member is not None and caller.presented is Presented.token:
        found["Authorization"] = f"Bearer {member.token}"
    if member is not None and caller.presented is Presented.read_only_token:
        found["Authorization"] = f"Bearer {member.read_only_token}"
    if not api or caller.presented is Presented.session:
        found["Cookie"] = f"{SESSION_COOKIE}={session_cookie(cookie)}"
    return found


def send(world: World, caller: Caller, method: str, url: str, body: Body) -> Sent:
    """One request, with the actions the door admitted while it ran."""
    api = url.startswith("/api/")
    data = body.data
    if data is not None and not api:
        data = {**data, form_token.FIELD: a_form_token()}
    sent = Sent(Response(0))
    client = world.client
    client.cookies.clear()
    with observing(sent.ran.append):
        try:
            sent.response = client.request(
                method,
                url,
                headers=headers(world, caller, api, body.fresh_session),
                json=body.json,
                data=data,
                params=body.params,
                files=body.files,
                follow_redirects=False,
            )
        except Exception as exc:  # the app failed: the matrix reports it as the 500 it is
            sent.response = Response(500, text=f"{type(exc).__name__}: {exc}")
    client.cookies.clear()
    world.requests_made += 1
    return sent

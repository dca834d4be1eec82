"""Dependencies: a database session per request, and who is asking.

API clients authenticate with ``Authorization: Bearer amanat_<id>_<secret>``; the
web app with a signed session cookie (``request.session["user_id"]``).  Malformed,
expired, revoked and unknown credentials all get the same 401, without detail.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from amanat.access.accounts import user_for_token
from amanat.access.models import User
from amanat.access.roles import Action, PermissionDenied, Role, require
from amanat.access.visibility import Viewer


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the handler returns, rolled back
    on any error, so a request is never half-written."""
    factory = request.app.state.sessions
    with factory() as session, session.begin():
        yield session


SessionDep = Annotated[Session, Depends(get_session)]

UNAUTHORISED = HTTPException(
    status_code=401, detail="Not authenticated", headers={"WWW-Authenticate": "Bearer"}
)


@dataclass(frozen=True)
class Caller:
    user: User
    viewer: Viewer
    read_only: bool = False

    def require(self, action: Action, what: str = "") -> None:
        if self.read_only and action != Action.read:
            raise PermissionDenied(self.viewer.role, action, "(this API token is read-only)")
        require(self.viewer.role, action, what)


def _from_token(request: Request, session: Session) -> Caller | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    found = user_for_token(session, token)
    if found is None:
        raise UNAUTHORISED
    user, row = found
    return Caller(user, Viewer(user.id, user.org_id, Role(user.role)), row.read_only)


def _from_cookie(request: Request, session: Session) -> Caller | None:
    if "session" not in request.scope:
        return None
    user_id = request.session.get("user_id")
    if not isinstance(user_id, int):
        return None
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        request.session.clear()
        return None
    return Caller(user, Viewer(user.id, user.org_id, Role(user.role)))


def current_caller(request: Request, session: SessionDep) -> Caller:
    caller = _from_token(request, session) or _from_cookie(request, session)
    if caller is None:
        raise UNAUTHORISED
    return caller


CurrentCaller = Annotated[Caller, Depends(current_caller)]

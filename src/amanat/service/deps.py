"""Dependencies: a database session per request, and who is asking.

API clients authenticate with ``Authorization: Bearer amanat_<id>_<secret>``; the
web app with a signed session cookie (``request.session["user_id"]``).  Malformed,
expired, revoked and unknown credentials all get the same 401, without detail.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from amanat.access.models import User
from amanat.access.roles import Action, PermissionDenied, Role, require
from amanat.access.token_cache import TokenHolder, holder_for_token, remembered_holder
from amanat.access.visibility import Viewer


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the handler returns, rolled back
    on any error, so a request is never half-written."""
    factory = request.app.state.sessions
    with factory() as session, session.begin():
        yield session


# Ended before the response is sent (``scope="function"``), like ``ApiSessionDep``:
# a commit that fails is the client's error answer, never a "done" already sent.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]

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


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token if scheme.lower() == "bearer" and token else None


def _holder_caller(held: TokenHolder) -> Caller:
    user = held.user
    return Caller(user, Viewer(user.id, user.org_id, Role(user.role)), held.read_only)


def _from_token(request: Request, session: Session) -> Caller | None:
    token = _bearer(request)
    if token is None:
        return None
    held = holder_for_token(session, token)
    if held is None:
        raise UNAUTHORISED
    return _holder_caller(held)


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


async def get_api_session(request: Request) -> AsyncIterator[Session]:
    """The API's transaction: one per request, like ``get_session``, but ended
    *before* the response is sent (``scope="function"``), so a client is never told
    "done" about a write whose commit then fails.

    Routes commit themselves (``committed``) in their own thread; what is left here
    — making the session, and closing it when the route has committed — does no
    database work, so it runs on the event loop instead of costing two trips
    through the thread pool on every request.  A route that failed, or did not
    commit, is rolled back or committed in the thread pool.
    """
    # Requests in a transaction at once, per worker process: the app's settings'
    # ``api_concurrency`` (``create_app`` makes the slots).  Below SQLAlchemy's pool (5
    # + 10 overflow connections) and the thread pool (40 threads): a request waiting
    # for a connection then never holds a thread that the holder of the audit trail's
    # lock needs to finish, which would deadlock the worker.  Waiting takes no thread.
    # Fewer at once also costs less per request: every thread and database backend at
    # work competes for the same two cores.
    async with request.app.state.api_slots:
        session: Session = request.app.state.sessions()
        try:
            yield session
            if session.in_transaction():
                await run_in_threadpool(session.commit)
        except BaseException:
            if session.in_transaction():
                await run_in_threadpool(session.rollback)
            raise
        finally:
            session.close()


ApiSessionDep = Annotated[Session, Depends(get_api_session, scope="function")]


async def api_caller(request: Request, session: ApiSessionDep) -> Caller:
    """Who is asking.  A token remembered a moment ago is answered from memory on the
    event loop; anything that needs the database (a first sight of a token, a check
    due, a cookie) goes to the thread pool like the route itself."""
    token = _bearer(request)
    held = remembered_holder(token) if token is not None else None
    if held is not None:
        return _holder_caller(held)
    return await run_in_threadpool(current_caller, request, session)


# Who is asking, resolved in the API's transaction (one session per request).
ApiCaller = Annotated[Caller, Depends(api_caller)]


T = TypeVar("T")


def committed(session: Session, answer: T) -> T:
    """Commit now, in the route's own thread, and hand back its answer.

    A request's audit entry is appended last and holds the trail's lock until the
    commit; committing here, rather than after a round through the event loop to the
    dependency's exit, keeps every other request's wait for that lock short.  Errors
    of the commit (a stale version) still reach the client, as the route's own.
    """
    session.commit()
    return answer

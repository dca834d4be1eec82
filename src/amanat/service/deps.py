"""Dependencies: a database session per request, who is asking, and the door's context.

Two front doors, two credentials, never mixed:

- the API takes ``Authorization: Bearer amanat_<id>_<secret>`` only.  A browser's
  session cookie is not an API credential, so no page on another site can make a
  signed-in browser call the API (no cross-site request forgery on the API), and a
  copied cookie opens nothing there;
- the web app takes its session cookie only (``service.web.page``).  An API token is
  not a web credential, so a read-only token can never act through a form.

Malformed, expired, revoked and unknown tokens all get the same 401, without detail.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Annotated, TypeVar

from fastapi import Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from amanat.access.token_cache import TokenHolder, holder_for_token, remembered_holder
from amanat.actions.actor import Actor, Credential
from amanat.actions.door import Context
from amanat.service.master_key import app_master_key


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


def bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token if scheme.lower() == "bearer" and token else None


def _token_actor(held: TokenHolder) -> Actor:
    credential = Credential.read_only_token if held.read_only else Credential.token
    return Actor(credential, held.user)


def token_actor(request: Request, session: Session) -> Actor:
    token = bearer(request)
    held = holder_for_token(session, token) if token is not None else None
    if held is None:
        raise UNAUTHORISED
    return _token_actor(held)


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


async def api_actor(request: Request, session: ApiSessionDep) -> Actor:
    """Who is asking.  A token remembered a moment ago is answered from memory on the
    event loop; a first sight of a token, or a check due, goes to the thread pool
    like the route itself."""
    token = bearer(request)
    if token is None:
        raise UNAUTHORISED
    held = remembered_holder(token)
    if held is not None:
        return _token_actor(held)
    return await run_in_threadpool(token_actor, request, session)


ApiActor = Annotated[Actor, Depends(api_actor)]


def door_context(request: Request, session: Session, actor: Actor) -> Context:
    """The door's context for one request: its transaction, its actor, and the keys
    and settings the app holds."""
    settings = request.app.state.settings
    return Context(
        session,
        actor,
        master_key=app_master_key(request.app),
        oversight=frozenset(settings.oversight_orgs),
    )


def api_door(request: Request, session: ApiSessionDep, actor: ApiActor) -> Context:
    return door_context(request, session, actor)


# What every API route takes: the door's context over the request's transaction.
ApiDoor = Annotated[Context, Depends(api_door)]


T = TypeVar("T")


def committed(ctx: Context | Session, answer: T) -> T:
    """Commit now, in the route's own thread, and hand back its answer.

    A request's audit entry is appended last and holds the trail's lock until the
    commit; committing here, rather than after a round through the event loop to the
    dependency's exit, keeps every other request's wait for that lock short.  Errors
    of the commit (a stale version) still reach the client, as the route's own.
    """
    session = ctx.session if isinstance(ctx, Context) else ctx
    session.commit()
    return answer

"""API tokens checked without the database on most requests.

Looking a token up cost three statements per request (the token, its user, and
the last-used update).  Here a token that checked out is remembered, by the
SHA-256 digest of the whole token (never the token itself), for a few seconds:

- revoking a token, disabling a user, or changing a user's role or organisation
  in this process forgets what was remembered at once (attribute events below);
  another process (``amanat token revoke``, another worker) is seen within
  ``TTL_SECONDS``;
- the token's own expiry is checked on every request;
- ``last_used_at`` is written at most once per ``LAST_USED_EVERY`` per token.

The user handed out is a detached copy, never attached to a session, so requests
may share it; it holds the user's columns only.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, update
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from amanat.access import tokens
from amanat.access.accounts import user_for_token
from amanat.access.models import ApiToken, User
from amanat.register.base import utcnow

TTL_SECONDS = 5.0
LAST_USED_EVERY = dt.timedelta(minutes=1)
MAX_ENTRIES = 10_000


@dataclass
class TokenHolder:
    """Who a token speaks for, as remembered."""

    user: User
    token_id: int
    read_only: bool
    expires_at: dt.datetime | None
    checked_at: float  # time.monotonic() of the database check
    last_used_at: dt.datetime  # as last written


_remembered: dict[str, TokenHolder] = {}
_lock = threading.Lock()


def forget(*, user_id: int | None = None, token_id: int | None = None) -> None:
    """Forget the tokens of a user, or one token; with neither, every token."""
    with _lock:
        if user_id is None and token_id is None:
            _remembered.clear()
            return
        for key in [
            key
            for key, held in _remembered.items()
            if held.user.id == user_id or held.token_id == token_id
        ]:
            del _remembered[key]


def remembered_holder(token: str, now: dt.datetime | None = None) -> TokenHolder | None:
    """The holder of a token remembered and still good, when answering needs no
    database work (no check due, no ``last_used_at`` to write); else None, and the
    caller asks ``holder_for_token``.  For callers that would rather not take a
    thread (and a session) for what memory can answer."""
    now = now or utcnow()
    held = _remembered.get(tokens.digest(token))
    if (
        held is None
        or time.monotonic() - held.checked_at >= TTL_SECONDS
        or (held.expires_at is not None and held.expires_at <= now)
        or now - held.last_used_at >= LAST_USED_EVERY
    ):
        return None
    return held


def holder_for_token(
    session: Session, token: str, now: dt.datetime | None = None
) -> TokenHolder | None:
    """What ``user_for_token`` says, remembered for ``TTL_SECONDS``; None for any
    token that does not check out (never remembered)."""
    now = now or utcnow()
    # Looked up by digest: how long a lookup takes says nothing about any token.
    key = tokens.digest(token)
    held = _remembered.get(key)
    if held is not None and time.monotonic() - held.checked_at < TTL_SECONDS:
        if held.expires_at is not None and held.expires_at <= now:
            forget(token_id=held.token_id)
            return None
        if now - held.last_used_at >= LAST_USED_EVERY:
            held.last_used_at = now
            session.execute(
                update(ApiToken).where(ApiToken.id == held.token_id).values(last_used_at=now)
            )
        return held
    found = user_for_token(session, token, now)  # writes last_used_at itself
    if found is None:
        with _lock:  # not while ``forget`` walks the entries
            _remembered.pop(key, None)
        return None
    user, row = found
    expires_at = row.expires_at
    if expires_at is not None and expires_at.tzinfo is None:  # SQLite: naive UTC
        expires_at = expires_at.replace(tzinfo=dt.UTC)
    held = TokenHolder(_copy(user), row.id, row.read_only, expires_at, time.monotonic(), now)
    with _lock:
        if len(_remembered) >= MAX_ENTRIES:
            _remembered.clear()
        _remembered[key] = held
    return held


def _copy(user: User) -> User:
    """The user's columns in a detached instance that belongs to no session."""
    mapper = User.__mapper__
    copy: User = mapper.class_manager.new_instance()
    for attr in mapper.column_attrs:
        set_committed_value(copy, attr.key, getattr(user, attr.key))
    make_transient_to_detached(copy)
    return copy


# What makes a remembered token wrong, set through the ORM in this process.
# ``set_committed_value`` (loading, ``_copy``) fires no events.
def _user_changed(target: User, value: Any, old: Any, initiator: Any) -> None:
    if value != old and target.id is not None:
        forget(user_id=target.id)


def _token_changed(target: ApiToken, value: Any, old: Any, initiator: Any) -> None:
    if value != old and target.id is not None:
        forget(token_id=target.id)


for _user_column in (User.is_active, User.role, User.org_id, User.role_approved):
    event.listen(_user_column, "set", _user_changed)
for _token_column in (ApiToken.revoked_at, ApiToken.expires_at, ApiToken.read_only):
    event.listen(_token_column, "set", _token_changed)


@event.listens_for(User, "after_delete")
@event.listens_for(ApiToken, "after_delete")
def _deleted(mapper: Any, connection: Any, target: Any) -> None:
    forget()

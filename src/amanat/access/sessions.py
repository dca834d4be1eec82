"""Web sessions held by the server.

The browser's cookie (signed by Starlette's session middleware) carries only a
random session key; the server keeps the session itself: whose it is, when it was
last used, and whether it has ended.  So signing out ends a session for good — a
cookie copied before is worth nothing after — and disabling an account or changing
its role ends every one of its sessions at once, in every server process.

Only the key's SHA-256 is stored: a copy of the database opens no session.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import DateTime, ForeignKey, String, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from amanat.access.models import User
from amanat.register.base import Base, BigId, id_column, utcnow

# Writing "last seen" on every page would make every read a write; a minute's
# precision is enough for an idle limit counted in tens of minutes.
SEEN_EVERY = dt.timedelta(minutes=1)


class WebSession(Base):
    __tablename__ = "web_session"

    id: Mapped[int] = id_column()
    key_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    user_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("user_account.id", ondelete="CASCADE"), index=True, nullable=False
    )
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, nullable=False
    )
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # "signed out", "idle", "account disabled", "role changed", ...
    end_reason: Mapped[str | None] = mapped_column(String(40))


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _aware(when: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; everything here is UTC.
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


def open_session(session: Session, user_id: int, now: dt.datetime | None = None) -> str:
    """A new session for the user; the key goes in the cookie and nowhere else."""
    now = now or utcnow()
    key = secrets.token_urlsafe(32)
    session.add(
        WebSession(key_hash=_digest(key), user_id=user_id, created_at=now, last_seen_at=now)
    )
    session.flush()
    return key


@dataclass(frozen=True)
class Found:
    user: User
    session_id: int


def user_for_key(
    session: Session, key: str, idle: dt.timedelta, now: dt.datetime | None = None
) -> Found | None:
    """The session's user while the session is open and used within ``idle``; an
    idle session is ended here.  Whether the user may act at all is the caller's
    question (``accounts.may_act``)."""
    now = now or utcnow()
    row = session.execute(
        select(WebSession, User)
        .join(User, User.id == WebSession.user_id)
        .where(WebSession.key_hash == _digest(key))
    ).first()
    if row is None:
        return None
    web, user = row
    if web.ended_at is not None:
        return None
    seen = _aware(web.last_seen_at)
    if now - seen >= idle:
        web.ended_at, web.end_reason = now, "idle"
        return None
    if now - seen >= SEEN_EVERY:
        web.last_seen_at = now
    return Found(user, web.id)


def end_session(session: Session, key: str, reason: str = "signed out") -> None:
    session.execute(
        update(WebSession)
        .where(WebSession.key_hash == _digest(key), WebSession.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason)
    )


def end_sessions_of(session: Session, user_id: int, reason: str) -> int:
    """End every open session of a user; how many were open."""
    result = session.execute(
        update(WebSession)
        .where(WebSession.user_id == user_id, WebSession.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason)
    )
    return int(getattr(result, "rowcount", 0) or 0)

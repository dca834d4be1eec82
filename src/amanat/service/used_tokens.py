"""One-time form tokens already used, in the database, so a double submit is caught
across processes (several uvicorn workers, several servers) and not only within one.

The row is inserted in the same transaction as the records the form wrote: the
primary key on the nonce lets only one of two concurrent submissions commit, and a
failed submission leaves no row, so the form can be sent again.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, String, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from amanat.register.base import Base, utcnow

# Long enough for the back button and a reload; short enough that the table stays small.
KEEP = dt.timedelta(days=2)


class UsedFormToken(Base):
    __tablename__ = "used_form_token"

    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    result_url: Mapped[str] = mapped_column(String(500), nullable=False)
    used_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, nullable=False, index=True
    )


class AlreadyUsed(Exception):
    """Another request with the same token committed first; ``url`` is its result."""

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(url)


def result_of(session: Session, nonce: str) -> str | None:
    return session.scalar(select(UsedFormToken.result_url).where(UsedFormToken.nonce == nonce))


def mark_used(session: Session, nonce: str, url: str) -> None:
    """Record the token as used, in the caller's transaction; ``AlreadyUsed`` if a
    concurrent submission of the same form got there first."""
    try:
        with session.begin_nested():
            session.add(UsedFormToken(nonce=nonce, result_url=url[:500]))
    except IntegrityError:
        raise AlreadyUsed(result_of(session, nonce) or url) from None
    session.execute(delete(UsedFormToken).where(UsedFormToken.used_at < utcnow() - KEEP))

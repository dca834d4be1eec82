"""One-time form tokens: protection against cross-site requests and double submits.

Every form carries a hidden token ``<nonce>.<mac>``; the MAC is keyed with a secret
kept in the user's (signed) session, so a page on another site cannot forge one
(CSRF).  A token is used once: the first POST with it does the work and records
where its result is; a repeated POST (a double click, the back button, a reload)
is sent to that result instead of doing the work again.

The session is a cookie, and two requests fired together carry the same cookie, so
the session alone cannot see the second of a double click.  A registry in the
process claims each nonce before the work starts; the second request waits for the
first to finish and follows it.  The result is recorded only once the transaction
has committed, so a failed first attempt frees the token for a retry.  Requests
that reach different processes (workers, servers) meet in the database: the used
nonce is inserted with the records (``service.used_tokens``), and only one of two
transactions can commit it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass

from fastapi import Request
from sqlalchemy import event
from sqlalchemy.orm import Session

from amanat.service import used_tokens

SECRET_KEY = "form_secret"
DONE_KEY = "forms_done"
FIELD = "form_token"
# Results remembered in the session (it travels in a cookie, so few) and in the process.
SESSION_DONE = 12
PROCESS_DONE = 20_000
WAIT_SECONDS = 15.0


class TokenRejected(Exception):
    """A POST without a valid token: forged, or from a session that has ended."""


def _secret(request: Request) -> bytes:
    secret = request.session.get(SECRET_KEY)
    if not isinstance(secret, str):
        secret = secrets.token_urlsafe(32)
        request.session[SECRET_KEY] = secret
    return secret.encode()


def _mac(secret: bytes, nonce: str) -> str:
    digest = hmac.new(secret, nonce.encode(), hashlib.sha256).digest()[:18]
    return base64.urlsafe_b64encode(digest).decode()


def issue(request: Request) -> str:
    nonce = secrets.token_urlsafe(12)
    return f"{nonce}.{_mac(_secret(request), nonce)}"


def verify(request: Request, token: str | None) -> str:
    """The token's nonce, or ``TokenRejected``."""
    secret = request.session.get(SECRET_KEY)
    nonce, _, mac = (token or "").partition(".")
    if not isinstance(secret, str) or not nonce or not mac:
        raise TokenRejected("no form token")
    if not hmac.compare_digest(mac, _mac(secret.encode(), nonce)):
        raise TokenRejected("form token does not match the session")
    return nonce


class _Registry:
    """Nonces being worked on (an Event) or done (the result's URL), in this process."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.lock = threading.Lock()
        self.entries: OrderedDict[str, threading.Event | str] = OrderedDict()

    def claim(self, nonce: str) -> str | None:
        """None when the caller now owns the nonce; else the first attempt's result."""
        while True:
            with self.lock:
                entry = self.entries.get(nonce)
                if entry is None:
                    self.entries[nonce] = threading.Event()
                    return None
                if isinstance(entry, str):
                    return entry
            if not entry.wait(WAIT_SECONDS):
                return None  # the first attempt hangs; let this one try
            # Done or released: look again.

    def finish(self, nonce: str, result: str | None) -> None:
        with self.lock:
            entry = self.entries.pop(nonce, None)
            if result is not None:
                self.entries[nonce] = result
                while len(self.entries) > self.size:
                    self.entries.popitem(last=False)
        if isinstance(entry, threading.Event):
            entry.set()


REGISTRY = _Registry(PROCESS_DONE)


@dataclass
class Submission:
    """A claimed form submission; ``done_url`` is set when it was already handled."""

    request: Request
    nonce: str
    done_url: str | None = None
    completed: bool = False

    def complete(self, db: Session, url: str) -> None:
        """Record the result, effective when ``db``'s transaction commits;
        ``AlreadyUsed`` when another process committed this form first."""
        used_tokens.mark_used(db, self.nonce, url)
        done = dict(self.request.session.get(DONE_KEY) or {})
        done[self.nonce] = url
        self.request.session[DONE_KEY] = dict(list(done.items())[-SESSION_DONE:])
        nonce, self.completed = self.nonce, True
        event.listen(db, "after_commit", lambda _s: REGISTRY.finish(nonce, url), once=True)
        event.listen(db, "after_rollback", lambda _s: REGISTRY.finish(nonce, None), once=True)

    def release(self) -> None:
        """Nothing was done: the same token may be used again (after fixing errors)."""
        REGISTRY.finish(self.nonce, None)


def claim(request: Request, token: str | None, db: Session | None = None) -> Submission:
    nonce = verify(request, token)
    done = request.session.get(DONE_KEY) or {}
    if isinstance(done, dict) and isinstance(done.get(nonce), str):
        return Submission(request, nonce, done[nonce])
    found = used_tokens.result_of(db, nonce) if db is not None else None
    if found is not None:  # sent before, to another process
        return Submission(request, nonce, found)
    return Submission(request, nonce, REGISTRY.claim(nonce))

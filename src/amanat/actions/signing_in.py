"""Signing in and out of the web app, and the caller's own preferences.

Every sign-in and failed sign-in is in the audit trail; a failed one is committed
although the sign-in fails (the adapter renders, never raises, so the failure and
the lockout count are kept), so repeated guessing shows up in the alerts.  Nothing
the person signing in is told says why a sign-in failed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from amanat.access import sessions
from amanat.access.accounts import LANGUAGES, authenticate
from amanat.access.models import User
from amanat.access.throttle import THROTTLE
from amanat.actions.actor import Credential
from amanat.actions.door import Audited, Context, Scope, action
from amanat.language.i18n import N_
from amanat.register import InvalidValue

MAX_CREDENTIAL = 300


@dataclass(frozen=True)
class SignedIn:
    user: User | None
    # The new server-held session's key, for the cookie; None when refused.
    key: str | None
    # How long the client must wait before trying again (too many failures).
    wait: dt.timedelta | None = None


@action(
    "account.sign_in",
    "Sign in to the web app with a user name, password and (if enrolled) a one-time "
    "code; opens a session held by the server; failures are throttled per client "
    "address and account; a language chosen on the sign-in form is kept with the account",
    scope=Scope.anyone,
    credentials=frozenset({Credential.anonymous, Credential.session}),
    audit=("login", "login_failed", "login_throttled", "language_changed"),
    audited=Audited.attempts,
)
def sign_in(
    ctx: Context,
    username: str,
    password: str,
    code: str | None,
    *,
    client: str = "unknown",
    trusted_device: int | None = None,
    language: str | None = None,
) -> SignedIn:
    """``client``: the address the attempt comes from; ``trusted_device``: the account
    a valid device cookie of the client names (``access.throttle``); ``language``: the
    interface language chosen on the sign-in form (None: the account's own)."""
    if language is not None and language not in LANGUAGES:
        raise InvalidValue(
            "language", language, N_("is not one of %(choices)s"), choices=", ".join(LANGUAGES)
        )
    name = username.strip()[:MAX_CREDENTIAL]
    trusted = trusted_device is not None and trusted_device == ctx.session.scalar(
        select(User.id).where(User.username == name)
    )
    wait = THROTTLE.wait(client, name, trusted=trusted)
    if wait is not None:
        return SignedIn(None, None, wait)
    outcome = authenticate(
        ctx.session,
        name,
        password[:MAX_CREDENTIAL],
        code or None,
        trusted_device=trusted_device,
    )
    user = outcome.user
    if user is None:
        stopped = THROTTLE.failed(client, name)
        ctx.audit("user", name[:80], entry="login_failed", reason=outcome.reason)
        if stopped:
            # Once, when the address starts to wait: the trail shows the guessing
            # without a flood of refused attempts.
            ctx.audit("user", name[:80], entry="login_throttled", client=client)
        return SignedIn(None, None)
    # Audited as the user signing in, not as the anonymous visitor they were.
    ctx.audit(by=user)
    if language is not None and language != user.language:
        user.language = language
        ctx.audit("user", user.id, entry="language_changed", by=user, language=language)
    return SignedIn(user, sessions.open_session(ctx.session, user.id))


@action(
    "account.sign_out",
    "Sign out: the session ends on the server, so a copy of its cookie opens nothing",
    scope=Scope.own_account,
    credentials=frozenset({Credential.session}),
    audit="logout",
)
def sign_out(ctx: Context, key: str) -> None:
    sessions.end_session(ctx.session, key)
    ctx.audit()


@action(
    "account.language",
    "Choose the interface language, kept with one's own account",
    scope=Scope.own_account,
    credentials=frozenset({Credential.session}),
    audit="language_changed",
)
def choose_language(ctx: Context, language: str) -> None:
    if language not in LANGUAGES:
        raise InvalidValue(
            "language", language, N_("is not one of %(choices)s"), choices=", ".join(LANGUAGES)
        )
    user = ctx.actor.signed_in
    user.language = language
    ctx.audit("user", user.id, language=language)


@action(
    "account.show",
    "See one's own account",
    scope=Scope.own_account,
    read_only=True,
    unaudited_because="one's own account, nobody else's",
)
def own_account(ctx: Context) -> User:
    return ctx.actor.signed_in

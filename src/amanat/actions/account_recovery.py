"""Getting a user back into their account: an administrator unlocks an account
locked after failed sign-ins, or makes a link with which the user sets a new
password themselves (the administrator never learns it).

A reset link keeps nothing in the database: it is the account and a fingerprint of
its present password hash and last sign-in, signed with the server's secret key and
dated (itsdangerous), as Django's reset tokens are.  Setting a password, or signing
in, changes the fingerprint, so a link works once; an old one expires after a day.
"""

from __future__ import annotations

import hashlib

from itsdangerous import BadSignature, URLSafeTimedSerializer

from amanat.access import accounts
from amanat.access.models import User
from amanat.access.passwords import hash_password
from amanat.access.roles import Permission
from amanat.actions.accounts import USERS_AND_OPERATOR, Account, managed_user
from amanat.actions.actor import Credential
from amanat.actions.door import Context, Scope, action
from amanat.actions.errors import FieldProblem, NotFound
from amanat.language.i18n import N_

LINK_SECONDS = 24 * 3600
SALT = "amanat-password-reset"
MIN_PASSWORD = 12


@action(
    "user.unlock",
    "Unlock an account of one's own organisation locked after failed sign-ins",
    scope=Scope.own_organisation,
    permission=Permission.administer,
    credentials=USERS_AND_OPERATOR,
    audit="user_unlocked",
)
def unlock(ctx: Context, account: Account) -> User:
    user = managed_user(ctx, account)
    was_locked = user.locked_until is not None
    user.failed_logins, user.locked_until = 0, None
    ctx.audit("user", user.id, was_locked=was_locked)
    return user


def _fingerprint(user: User) -> str:
    covered = f"{user.password_hash or ''}:{user.last_login_at or ''}"
    return hashlib.sha256(covered.encode()).hexdigest()[:32]


def _signer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=SALT)


@action(
    "user.reset_link",
    "Make a link with which a user of one's own organisation sets a new password "
    "(good for a day, and once); the administrator never learns the password",
    scope=Scope.own_organisation,
    permission=Permission.administer,
    credentials=USERS_AND_OPERATOR,
    audit="password_reset_link",
)
def reset_link(ctx: Context, account: Account, secret: str) -> str:
    """The link's token (the adapter puts it in a URL)."""
    user = managed_user(ctx, account)
    if ctx.actor.user is not None and ctx.actor.user.id == user.id:
        raise NotFound(
            N_("user %(account)s not found"), account=account
        )  # one's own: the Account page
    ctx.audit("user", user.id, hours=LINK_SECONDS // 3600)
    return str(_signer(secret).dumps({"user": user.id, "state": _fingerprint(user)}))


def _holder(ctx: Context, token: str, secret: str) -> User:
    """The account a token is good for now; any other token is not found."""
    try:
        found = _signer(secret).loads(token[:1000], max_age=LINK_SECONDS)
    except BadSignature:
        found = None
    if isinstance(found, dict) and isinstance(found.get("user"), int):
        user = ctx.session.get(User, found["user"]) if 0 < found["user"] < 2**63 else None
        if user is not None and user.is_active and found.get("state") == _fingerprint(user):
            return user
    raise NotFound(N_("this link is not valid any more"))


@action(
    "account.reset_check",
    "Whether a password-reset link is still good (before asking for the new password)",
    scope=Scope.anyone,
    credentials=frozenset({Credential.anonymous, Credential.session}),
    read_only=True,
    unaudited_because="it changes nothing; setting the password is audited",
)
def reset_check(ctx: Context, token: str, secret: str) -> str:
    """The account's user name."""
    return _holder(ctx, token, secret).username


@action(
    "account.reset_password",
    "Set a new password with a reset link an administrator made; every session and "
    "token of the account ends, and the link is spent",
    scope=Scope.anyone,
    credentials=frozenset({Credential.anonymous, Credential.session}),
    audit="password_reset",
)
def reset_password(ctx: Context, token: str, secret: str, password: str) -> User:
    user = _holder(ctx, token, secret)
    if len(password) < MIN_PASSWORD:
        raise FieldProblem(
            ("body", "password"),
            N_("must be at least %(length)s characters"),
            length=MIN_PASSWORD,
        )
    user.password_hash = hash_password(password)
    user.failed_logins, user.locked_until = 0, None
    ended = accounts.end_credentials(ctx.session, user, "password reset")
    ctx.audit("user", user.id, by=user, ended=ended)
    return user

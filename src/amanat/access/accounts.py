"""Organisations and user accounts: registration, login with lockout, API tokens.

Errors about logins say nothing about why (wrong user, wrong password, locked,
disabled): callers get ``None`` and the audit trail gets the reason.
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass

import pyotp
from sqlalchemy import select
from sqlalchemy.orm import Session

from amanat.access import passwords, tokens
from amanat.access.models import ApiToken, User
from amanat.access.roles import Role
from amanat.access.sessions import end_sessions_of
from amanat.language.i18n import N_
from amanat.language.refusal import Refusal
from amanat.register import InvalidValue, Organisation
from amanat.register.base import utcnow

TOKEN_LIFETIME = dt.timedelta(days=90)
# The interface languages of the web app (its gettext catalogues): a user may choose any.
LANGUAGES = ("en", "ru", "kk", "ky", "uz", "tg")


class AccountError(Refusal, ValueError):
    """A request about accounts that cannot be met; the message says why."""


def organisation_by_code(session: Session, code: str) -> Organisation:
    org = session.scalar(select(Organisation).where(Organisation.code == code))
    if org is None:
        raise AccountError(N_("organisation: %(code)r is not registered"), code=code)
    return org


def add_organisation(
    session: Session,
    code: str,
    name: str,
    kind: str,
    country: str | None = None,
    parent_code: str | None = None,
) -> Organisation:
    if session.scalar(select(Organisation.id).where(Organisation.code == code)) is not None:
        raise AccountError(N_("organisation: %(code)r is already registered"), code=code)
    org = Organisation(code=code, name=name, kind=kind, country=country)
    if parent_code:
        org.parent_id = organisation_by_code(session, parent_code).id
    session.add(org)
    session.flush()
    return org


def add_user(
    session: Session,
    org_code: str,
    username: str,
    display_name: str,
    role: str,
    password: str,
    language: str = "en",
) -> User:
    try:
        role = Role(role).value
    except ValueError:
        raise InvalidValue(
            "user.role", role, N_("is not one of %(choices)s"), choices=", ".join(Role)
        ) from None
    if language not in LANGUAGES:
        raise InvalidValue(
            "user.language", language, N_("is not one of %(choices)s"), choices=", ".join(LANGUAGES)
        )
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise AccountError(N_("user: %(username)r already exists"), username=username)
    org = organisation_by_code(session, org_code)
    if org.node_id is not None:
        # Its people sign in on their own node; an account here would read as it.
        raise AccountError(
            N_("organisation: %(org_code)r works on another node; its users sign in there"),
            org_code=org_code,
        )
    user = User(
        org_id=org.id,
        username=username,
        display_name=display_name,
        role=role,
        language=language,
        password_hash=passwords.hash_password(password),
    )
    session.add(user)
    session.flush()
    return user


def may_act(user: User) -> bool:
    """Whether an account may act at all: active, and its role in force (a role an
    administrator gave waits for the approver, ``access.role_requests``)."""
    return bool(user.is_active) and bool(user.role_approved)


def user_by_name(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise AccountError(N_("user: %(username)r does not exist"), username=username)
    return user


@dataclass(frozen=True)
class LoginOutcome:
    user: User | None
    # For the audit trail only, never shown to the person logging in.
    reason: str


def authenticate(
    session: Session,
    username: str,
    password: str,
    totp_code: str | None = None,
    now: dt.datetime | None = None,
    *,
    trusted_device: int | None = None,
) -> LoginOutcome:
    """``trusted_device``: the id of the account a valid device cookie names (a device
    it signed in from before), to which the account's lockout does not apply."""
    now = now or utcnow()
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        passwords.verify_password(None, password)  # same work as a real check
        return LoginOutcome(None, "unknown user")
    state = passwords.LockoutState(user.failed_logins, _aware(user.locked_until))
    if passwords.is_locked(state, now) and trusted_device != user.id:
        passwords.verify_password(None, password)
        return LoginOutcome(None, "locked")
    ok = passwords.verify_password(user.password_hash, password)
    if ok and user.totp_secret:
        ok = _totp_once(user, totp_code, now)
    if not ok or not may_act(user):
        state = passwords.after_failure(state, now)
        user.failed_logins, user.locked_until = state.failed_logins, state.locked_until
        return LoginOutcome(None, "disabled" if ok else "bad credentials")
    user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
    return LoginOutcome(user, "ok")


def _totp_once(user: User, code: str | None, now: dt.datetime) -> bool:
    """The code is right for now (or the step before or after, for clocks a little
    apart) and its time step is later than the last one accepted: a code overheard
    or replayed within its window is refused."""
    if not code or user.totp_secret is None:
        return False
    totp = pyotp.TOTP(user.totp_secret)
    step = totp.timecode(now)
    for candidate in (step - 1, step, step + 1):
        if hmac.compare_digest(totp.generate_otp(candidate), code.strip()):
            if user.totp_last_step is not None and candidate <= user.totp_last_step:
                return False
            user.totp_last_step = candidate
            return True
    return False


def _aware(when: dt.datetime | None) -> dt.datetime | None:
    # SQLite hands back naive datetimes; everything here is UTC.
    if when is not None and when.tzinfo is None:
        return when.replace(tzinfo=dt.UTC)
    return when


def enrol_totp(user: User) -> str:
    """Give the user a TOTP secret; return the provisioning URI for an authenticator app."""
    user.totp_secret = pyotp.random_base32()
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.username, issuer_name="Amanat")


def create_token(
    session: Session,
    username: str,
    name: str,
    lifetime: dt.timedelta = TOKEN_LIFETIME,
    read_only: bool = False,
) -> tuple[ApiToken, str]:
    """A new token for the user; the token text is returned once and never stored."""
    user = user_by_name(session, username)
    row = ApiToken(
        user_id=user.id,
        name=name,
        token_hash="pending",
        read_only=read_only,
        expires_at=utcnow() + lifetime,
    )
    session.add(row)
    session.flush()
    token = tokens.format_token(row.id, tokens.new_secret())
    row.token_hash = tokens.digest(token)
    return row, token


def end_credentials(session: Session, user: User, reason: str) -> int:
    """End every web session and revoke every API token of a user, at once (a
    disabled account, a changed role); how many were ended."""
    ended = end_sessions_of(session, user.id, reason)
    now = utcnow()
    for row in session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    ):
        row.revoked_at = now
        ended += 1
    return ended


def revoke_token(session: Session, token_id: int) -> None:
    row = session.get(ApiToken, token_id)
    if row is None:
        raise AccountError(N_("token: %(token_id)s does not exist"), token_id=token_id)
    row.revoked_at = row.revoked_at or utcnow()


def user_for_token(
    session: Session, token: str, now: dt.datetime | None = None
) -> tuple[User, ApiToken] | None:
    """The active user a token belongs to, or None — malformed, unknown, expired,
    revoked and disabled all look the same."""
    token_id = tokens.parse_token(token)
    row = session.get(ApiToken, token_id) if token_id is not None else None
    if row is None or not tokens.matches(token, row.token_hash):
        return None
    now = now or utcnow()
    expires_at = _aware(row.expires_at)
    if row.revoked_at is not None or (expires_at is not None and expires_at <= now):
        return None
    if not may_act(row.user):
        return None
    row.last_used_at = now
    return row.user, row

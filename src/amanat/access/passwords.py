"""Passwords hashed with argon2id, and lockout after repeated failures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from amanat.language.i18n import N_
from amanat.language.refusal import Refusal

MIN_LENGTH = 10
# Above the throttle's five failures per address and account (``access.throttle``):
# one address never locks an account; a guesser spread over many addresses does, for
# every device but those its owner signed in from before.
MAX_FAILURES = 10
LOCKOUT = dt.timedelta(minutes=15)

# argon2-cffi's defaults follow RFC 9106's second recommended option (argon2id).
_hasher = PasswordHasher()
# Verifying against this when the user does not exist keeps the time the same,
# so timing does not tell whether a username exists.
_DUMMY_HASH = _hasher.hash("not a real password, only for equal timing")


class WeakPassword(Refusal, ValueError):
    """A password too short to keep."""


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(
            N_("password: must have at least %(length)s characters"), length=MIN_LENGTH
        )
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


@dataclass(frozen=True)
class LockoutState:
    failed_logins: int
    locked_until: dt.datetime | None


def is_locked(state: LockoutState, now: dt.datetime) -> bool:
    return state.locked_until is not None and now < state.locked_until


def after_failure(state: LockoutState, now: dt.datetime) -> LockoutState:
    failures = state.failed_logins + 1
    locked = now + LOCKOUT if failures >= MAX_FAILURES else state.locked_until
    return LockoutState(failed_logins=failures, locked_until=locked)


def after_success() -> LockoutState:
    return LockoutState(failed_logins=0, locked_until=None)

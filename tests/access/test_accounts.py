"""Accounts: argon2 passwords, lockout, TOTP, API tokens hashed at rest."""

from __future__ import annotations

import datetime as dt

import pyotp
import pytest
from sqlalchemy import Engine, select

from amanat.access import accounts, passwords
from amanat.access.models import ApiToken, User
from amanat.register import InvalidValue
from amanat.store.engine import transaction

PASSWORD = "correct horse battery"


@pytest.fixture
def with_user(engine: Engine) -> Engine:
    with transaction(engine) as session:
        accounts.add_organisation(session, "KZ-NGO", "A shelter NGO", "ngo", "KZ")
        accounts.add_user(session, "KZ-NGO", "aigerim", "Aigerim", "case_worker", PASSWORD)
    return engine


def test_passwords_are_stored_as_argon2id(with_user: Engine) -> None:
    with transaction(with_user) as session:
        user = accounts.user_by_name(session, "aigerim")
        assert user.password_hash is not None
        assert user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash


def test_login_and_lockout(with_user: Engine) -> None:
    now = dt.datetime(2026, 1, 5, 10, 0, tzinfo=dt.UTC)
    with transaction(with_user) as session:
        assert accounts.authenticate(session, "aigerim", PASSWORD, now=now).user is not None
        for _ in range(passwords.MAX_FAILURES):
            outcome = accounts.authenticate(session, "aigerim", "wrong password!", now=now)
            assert outcome.user is None
        # Locked: even the right password is refused until the lockout passes.
        locked = accounts.authenticate(session, "aigerim", PASSWORD, now=now)
        assert (locked.user, locked.reason) == (None, "locked")
        later = now + passwords.LOCKOUT + dt.timedelta(seconds=1)
        assert accounts.authenticate(session, "aigerim", PASSWORD, now=later).user is not None


def test_unknown_and_disabled_users_cannot_log_in(with_user: Engine) -> None:
    with transaction(with_user) as session:
        assert accounts.authenticate(session, "nobody", PASSWORD).user is None
        accounts.user_by_name(session, "aigerim").is_active = False
        assert accounts.authenticate(session, "aigerim", PASSWORD).user is None


def test_second_factor(with_user: Engine) -> None:
    with transaction(with_user) as session:
        user = accounts.user_by_name(session, "aigerim")
        uri = accounts.enrol_totp(user)
        assert uri.startswith("otpauth://totp/")
        assert accounts.authenticate(session, "aigerim", PASSWORD).user is None
        code = pyotp.TOTP(user.totp_secret or "").now()
        assert accounts.authenticate(session, "aigerim", PASSWORD, totp_code=code).user


def test_weak_passwords_and_unknown_roles_are_refused(with_user: Engine) -> None:
    with transaction(with_user) as session:
        with pytest.raises(passwords.WeakPassword, match="at least 10"):
            accounts.add_user(session, "KZ-NGO", "short", "S", "analyst", "12345")
        with pytest.raises(InvalidValue, match=r"user\.role: 'superuser'"):
            accounts.add_user(session, "KZ-NGO", "root", "R", "superuser", PASSWORD)


def test_tokens_are_hashed_expire_and_can_be_revoked(with_user: Engine) -> None:
    with transaction(with_user) as session:
        row, token = accounts.create_token(session, "aigerim", "import script", read_only=True)
        assert token not in row.token_hash and len(row.token_hash) == 64
        found = accounts.user_for_token(session, token)
        assert found is not None and found[0].username == "aigerim" and found[1].read_only
        tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
        assert accounts.user_for_token(session, tampered) is None
        assert accounts.user_for_token(session, "not a token") is None
        assert accounts.user_for_token(session, "amanat_99999_" + "x" * 43) is None
        after_expiry = row.expires_at + dt.timedelta(seconds=1)
        assert accounts.user_for_token(session, token, now=after_expiry) is None
        accounts.revoke_token(session, row.id)
        assert accounts.user_for_token(session, token) is None
        stored = session.scalars(select(ApiToken.token_hash)).all()
        assert token not in stored
        assert session.scalars(select(User.username)).all() == ["aigerim"]

"""Unlocking an account and the password-reset link: administrators of the account's
own organisation only, audited, another organisation's account not found, and a
link that works once."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from tests.actions.conftest import World

from amanat.access.models import User
from amanat.access.passwords import verify_password
from amanat.access.roles import PermissionDenied
from amanat.actions import account_lists, account_recovery
from amanat.actions.actor import Actor, Credential
from amanat.actions.door import Context
from amanat.actions.errors import FieldProblem, NotFound
from amanat.store.engine import transaction

SECRET = "test-secret"


def _lock(world: World, username: str) -> None:
    with transaction(world.engine) as session:
        user = session.scalars(select(User).where(User.username == username)).one()
        user.failed_logins = 10
        user.locked_until = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=15)


def test_unlock(world: World) -> None:
    _lock(world, "police")
    now = dt.datetime.now(dt.UTC)
    with world.acting("admin") as ctx:
        found = account_lists.find_users(ctx, state=account_lists.AccountState.locked)
        assert [user.username for user, _ in found.rows] == ["police"]
        assert account_lists.state_of(found.rows[0][0], now) is account_lists.AccountState.locked
        assert [u.username for u in account_lists.accounts_waiting(ctx).locked] == ["police"]
        account_recovery.unlock(ctx, world.user_id("police"))
    with world.acting("admin") as ctx:
        assert account_lists.accounts_waiting(ctx).locked == []
        user = ctx.session.get(User, world.user_id("police"))
        assert user is not None and account_lists.state_of(user, now).name == "active"
    [entry] = world.entries("user_unlocked")
    assert entry["target"] == ("user", str(world.user_id("police"))) and entry["was_locked"]
    # Another organisation's account is not found; other roles are refused.
    with world.acting("admin") as ctx, pytest.raises(NotFound):
        account_recovery.unlock(ctx, world.user_id("ngo"))
    with world.acting("auditor") as ctx, pytest.raises(PermissionDenied, match="'administer'"):
        account_recovery.unlock(ctx, world.user_id("police"))


def _anonymous(session: object) -> Context:
    return Context(session, Actor(Credential.anonymous))  # type: ignore[arg-type]


def test_a_reset_link_works_once(world: World) -> None:
    with world.acting("admin") as ctx:
        token = account_recovery.reset_link(ctx, "police", SECRET)
    [entry] = world.entries("password_reset_link")
    assert entry["user_id"] == world.user_id("admin")
    with transaction(world.engine) as session:
        ctx = _anonymous(session)
        assert account_recovery.reset_check(ctx, token, SECRET) == "police"
        with pytest.raises(NotFound):
            account_recovery.reset_check(ctx, token, "another secret")
        with pytest.raises(FieldProblem):
            account_recovery.reset_password(ctx, token, SECRET, "short")
        account_recovery.reset_password(ctx, token, SECRET, "a brand new password")
    with transaction(world.engine) as session:
        user = session.scalars(select(User).where(User.username == "police")).one()
        assert verify_password(user.password_hash, "a brand new password")
        with pytest.raises(NotFound):  # spent
            account_recovery.reset_check(_anonymous(session), token, SECRET)
    [reset] = world.entries("password_reset")
    assert reset["user_id"] == world.user_id("police")


def test_reset_links_only_for_ones_own_organisation(world: World) -> None:
    with world.acting("admin") as ctx, pytest.raises(NotFound):
        account_recovery.reset_link(ctx, "ngo", SECRET)
    with world.acting("admin") as ctx, pytest.raises(NotFound):
        account_recovery.reset_link(ctx, "admin", SECRET)  # one's own: the Account page
    with world.acting("police") as ctx, pytest.raises(PermissionDenied, match="'administer'"):
        account_recovery.reset_link(ctx, "police-ru", SECRET)
    assert world.entries("password_reset_link") == []

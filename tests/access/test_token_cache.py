"""Remembered API tokens: no database work on most requests, yet revoking a token or
disabling its user takes effect at once in this process, and within seconds in others."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, event, select, update

from amanat.access import accounts, token_cache
from amanat.access.models import ApiToken, User
from amanat.store.engine import transaction

PASSWORD = "correct horse battery"


@pytest.fixture
def token(engine: Engine) -> Iterator[str]:
    token_cache.forget()
    with transaction(engine) as session:
        accounts.add_organisation(session, "KZ-NGO", "A shelter NGO", "ngo", "KZ")
        accounts.add_user(session, "KZ-NGO", "aigerim", "Aigerim", "case_worker", PASSWORD)
        _, made = accounts.create_token(session, "aigerim", "script", read_only=True)
    yield made
    token_cache.forget()


def _statements(engine: Engine, token: str) -> tuple[token_cache.TokenHolder | None, int]:
    """Who the token speaks for, and how many statements that took."""
    count = [0]

    def seen(*args: object) -> None:
        count[0] += 1

    event.listen(engine, "before_cursor_execute", seen)
    try:
        with transaction(engine) as session:
            held = token_cache.holder_for_token(session, token)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    return held, count[0]


def test_a_token_is_checked_once_then_remembered(engine: Engine, token: str) -> None:
    held, statements = _statements(engine, token)
    assert held is not None and held.user.username == "aigerim" and held.read_only
    assert statements >= 2  # the token and its user, and the last-used time
    again, statements = _statements(engine, token)
    assert again is held and statements == 0
    assert _statements(engine, token[:-1] + "x")[0] is None  # nothing is guessed


def test_revoking_and_disabling_take_effect_at_once(engine: Engine, token: str) -> None:
    assert _statements(engine, token)[0] is not None
    with transaction(engine) as session:
        accounts.user_by_name(session, "aigerim").is_active = False
    assert _statements(engine, token)[0] is None
    with transaction(engine) as session:
        accounts.user_by_name(session, "aigerim").is_active = True
    held = _statements(engine, token)[0]
    assert held is not None
    with transaction(engine) as session:
        accounts.revoke_token(session, held.token_id)
    assert _statements(engine, token)[0] is None


def test_changes_from_elsewhere_are_seen_within_the_ttl(
    engine: Engine, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process (``amanat token revoke``) cannot tell this one: the token is
    checked again once ``TTL_SECONDS`` have passed."""
    clock = [1000.0]
    monkeypatch.setattr(token_cache.time, "monotonic", lambda: clock[0])
    assert _statements(engine, token)[0] is not None
    with engine.begin() as connection:  # no ORM events, as from another process
        connection.execute(update(ApiToken).values(revoked_at=dt.datetime.now(dt.UTC)))
    assert _statements(engine, token)[0] is not None
    clock[0] += token_cache.TTL_SECONDS
    assert _statements(engine, token)[0] is None


def test_expiry_is_checked_on_every_use(engine: Engine, token: str) -> None:
    held = _statements(engine, token)[0]
    assert held is not None and held.expires_at is not None
    with transaction(engine) as session:
        later = held.expires_at + dt.timedelta(seconds=1)
        assert token_cache.holder_for_token(session, token, now=later) is None


def test_last_use_is_written_at_most_once_a_minute(
    engine: Engine, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(token_cache.time, "monotonic", lambda: 1000.0)  # within the TTL
    start = dt.datetime.now(dt.UTC)

    def last_used() -> dt.datetime:
        with transaction(engine) as session:
            when = session.scalar(select(ApiToken.last_used_at))
        assert when is not None
        return when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when

    for seconds in (0, 30):
        with transaction(engine) as session:
            token_cache.holder_for_token(session, token, now=start + dt.timedelta(seconds=seconds))
    assert last_used() == start
    with transaction(engine) as session:
        token_cache.holder_for_token(session, token, now=start + dt.timedelta(seconds=61))
    assert last_used() == start + dt.timedelta(seconds=61)


def test_the_user_handed_out_belongs_to_no_session(engine: Engine, token: str) -> None:
    held = _statements(engine, token)[0]
    assert held is not None
    with transaction(engine) as session:
        mine = session.get(User, held.user.id)
        assert mine is not held.user and held.user not in session
        mine.display_name = "changed"
    assert held.user.display_name == "Aigerim"

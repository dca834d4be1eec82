"""Analyses kept a few minutes (``actions.monitoring.cache``): a warm view is only
ever the viewer's own, a change of access or a record written here shows at once,
and every view, kept or not, is still an entry in the trail."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, insert, select
from tests.actions.conftest import acting, trail
from tests.analyze.conftest import AS_OF, Monitoring, build

from amanat.access.accounts import add_user
from amanat.access.models import RecordShare, User
from amanat.actions import start
from amanat.actions.monitoring import analyses, cache
from amanat.actions.monitoring.scope import Asked
from amanat.register import Case
from amanat.store.engine import transaction

PASSWORD = "correct horse battery"
EVERYTHING = Asked(as_of=AS_OF)


@pytest.fixture
def monitoring(engine: Engine) -> Monitoring:
    found = build(engine)
    with transaction(engine) as session:
        add_user(session, "KZ-POL", "aigerim", "Aigerim", "analyst", PASSWORD)
        add_user(session, "KZ-POL", "timur", "Timur", "analyst", PASSWORD)
        add_user(session, "UZ-PRO", "dilshod", "Dilshod", "prosecutor", PASSWORD)
    cache.clear()
    return found


def _reported(engine: Engine, username: str) -> tuple[object, int]:
    """The pipeline view the user gets, and its count of cases reported."""
    with acting(engine, username) as ctx:
        view = analyses.pipeline(ctx, EVERYTHING)
    return view, view.funnel()[0][1]


def test_two_viewers_get_their_own_answers_from_a_warm_cache(monitoring: Monitoring) -> None:
    engine = monitoring.engine
    cold = {name: _reported(engine, name) for name in ("aigerim", "dilshod", "timur")}
    warm = {name: _reported(engine, name) for name in ("dilshod", "aigerim", "timur")}
    # Kept: the second view is the very object the first computed ...
    assert all(warm[name][0] is cold[name][0] for name in cold)
    # ... and each viewer's own: the police see five cases reported, the prosecutor one.
    assert (warm["aigerim"][1], warm["dilshod"][1]) == (5, 1)
    # Two users of one organisation see the same, but never share a kept view.
    assert warm["timur"][1] == 5 and warm["timur"][0] is not warm["aigerim"][0]


def test_every_view_is_an_entry_even_when_kept(monitoring: Monitoring) -> None:
    for _ in range(3):
        _reported(monitoring.engine, "aigerim")
    assert [e.action for e in trail(monitoring.engine)] == ["analyze"] * 3


def test_a_share_shows_at_once_in_a_warm_view(monitoring: Monitoring) -> None:
    engine = monitoring.engine
    with acting(engine, "dilshod") as ctx:
        before = start.counts(ctx)["case"]
        assert start.counts(ctx) is start.counts(ctx)  # kept
    # Shared by name outside any session of this process (as another process would):
    # only the key, which holds the shares, can tell the view is out of date.
    with engine.begin() as connection:
        org = connection.scalar(select(User.org_id).where(User.username == "dilshod"))
        case1 = monitoring.ids["case1"]
        connection.execute(
            insert(RecordShare).values(record_kind="case", record_id=case1, org_id=org)
        )
    with acting(engine, "dilshod") as ctx:
        assert start.counts(ctx)["case"] == before + 1


def test_a_record_written_here_is_counted_at_once(monitoring: Monitoring) -> None:
    engine = monitoring.engine
    view, _ = _reported(engine, "dilshod")
    with acting(engine, "dilshod") as ctx:
        before = start.counts(ctx)["case"]
    with transaction(engine) as session:
        org = session.scalar(select(User.org_id).where(User.username == "dilshod"))
        session.add(Case(case_type="tip", jurisdiction="UZ", org_id=org))
    with acting(engine, "dilshod") as ctx:
        assert start.counts(ctx)["case"] == before + 1
    again, _ = _reported(engine, "dilshod")
    assert again is not view

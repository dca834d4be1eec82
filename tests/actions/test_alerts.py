"""Acknowledging alerts: auditors only, audited, an alert nobody raised is not found,
and an acknowledged alert leaves the start page's open alerts but not the trail's."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.actions.conftest import World

from amanat.access import audit_store
from amanat.access.alert_acks import key_of
from amanat.access.roles import PermissionDenied
from amanat.actions import alerts, audit_trail, start
from amanat.actions.errors import NotFound
from amanat.store.engine import transaction


def _failed_logins(world: World, times: int = 6) -> None:
    with transaction(world.engine) as session:
        audit_store.append_many(
            session,
            [
                audit_store.Pending("login_failed", target_kind="user", target_id="police")
                for _ in range(times)
            ],
        )


def test_an_acknowledged_alert_leaves_the_open_ones(world: World) -> None:
    _failed_logins(world)
    with world.acting("auditor") as ctx:
        [alert] = start.alerts(ctx)
        rule, seq = key_of(alert)
        ack = alerts.acknowledge(ctx, rule, seq, "the owner forgot the password")
        assert ack.acknowledged_by_user_id == ctx.actor.signed_in.id
    with world.acting("auditor") as ctx:
        assert start.alerts(ctx) == []
        since = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
        raised = audit_trail.alerts(ctx, since).alerts
        assert [key_of(a) for a in raised] == [(rule, seq)]  # still in the trail's view
        assert set(alerts.acknowledgements(ctx, raised)) == {(rule, seq)}
        # Again: the first acknowledgement stays.
        assert alerts.acknowledge(ctx, rule, seq).id == ack.id
    [entry, _again] = world.entries("alert_acknowledged")
    assert entry["target"] == ("alert", f"{rule}:{seq}")
    assert entry["user_id"] == world.user_id("auditor") and entry["noted"] is True


def test_only_auditors_acknowledge_and_only_real_alerts(world: World) -> None:
    _failed_logins(world)
    with world.acting("auditor") as ctx:
        [alert] = start.alerts(ctx)
    rule, seq = key_of(alert)
    for user in ("admin", "police"):
        with world.acting(user) as ctx, pytest.raises(PermissionDenied, match="'audit'"):
            alerts.acknowledge(ctx, rule, seq)
        with world.acting(user) as ctx, pytest.raises(PermissionDenied, match="'audit'"):
            alerts.acknowledgements(ctx, [alert])
    with world.acting("auditor") as ctx:
        with pytest.raises(NotFound):
            alerts.acknowledge(ctx, "no_such_rule", seq)
        with pytest.raises(NotFound):
            alerts.acknowledge(ctx, rule, 10**9)
    assert world.entries("alert_acknowledged") == []

"""The start page's numbers: each part only for the role whose work it is, of one's
own organisation where it is about one's organisation, and nothing of any record."""

from __future__ import annotations

import pytest
from tests.actions.conftest import World, victim

from amanat.access import accounts
from amanat.access.roles import PermissionDenied
from amanat.actions import referrals, sharing, start


def test_counts_of_what_the_caller_sees(world: World) -> None:
    world.create("police", {"kind": "case", "case_type": "tip", "jurisdiction": "KZ"})
    world.create("police", {"kind": "case", "case_type": "tip", "jurisdiction": "KZ"}, group=False)
    with world.acting("stats") as ctx:
        assert start.counts(ctx) == {"case": 2, "victim": 0, "seizure": 0}
    with world.acting("prosecutor") as ctx:
        assert start.counts(ctx)["case"] == 1
    with world.acting("admin") as ctx, pytest.raises(PermissionDenied, match="'read'"):
        start.counts(ctx)


def test_what_waits_for_ones_organisation(world: World) -> None:
    victim_id = world.create("ngo", *victim())["victim"]
    with world.acting("ngo") as ctx:
        referrals.add(ctx, victim_id, "shelter", 4)
    with world.acting("prosecutor") as ctx:
        sharing.ask(ctx, "victim", victim_id, "UZ-MVD", "wanted there")
    with world.acting("ngo") as ctx:
        assert start.waiting(ctx) == start.Waiting(1, 0, 1)
    with world.acting("shelter") as ctx:
        assert start.waiting(ctx) == start.Waiting(0, 1, 0)
    with world.acting("auditor") as ctx, pytest.raises(PermissionDenied, match="'read'"):
        start.waiting(ctx)


def test_administration_counts_ones_own_organisation(world: World) -> None:
    with world.acting("admin") as ctx:
        accounts.create_token(ctx.session, "police", "tests")
        accounts.create_token(ctx.session, "ngo", "tests")  # another organisation's
    with world.acting("admin") as ctx:
        found = start.administration(ctx)
    # KZ-POL: police, police-ru, auditor, admin, stats; the directory holds six.
    assert (found.organisations, found.users, found.tokens) == (6, 5, 1)
    with world.acting("police") as ctx, pytest.raises(PermissionDenied, match="'administer'"):
        start.administration(ctx)


def test_alerts_and_judgements_are_for_their_roles(world: World) -> None:
    with world.acting("auditor") as ctx:
        assert start.alerts(ctx) == []
    with world.acting("police") as ctx, pytest.raises(PermissionDenied, match="'audit'"):
        start.alerts(ctx)
    with world.acting("police") as ctx, pytest.raises(PermissionDenied, match="'resolve'"):
        start.review_waiting(ctx)

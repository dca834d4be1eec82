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


def test_new_pairs_on_people_one_judged(world: World) -> None:
    from sqlalchemy import update

    from amanat.access.models import User
    from amanat.resolve.models import Candidate, Judgement
    from amanat.store.engine import transaction

    people = world.create(
        "police",
        *[
            {"kind": "person", "ref": f"p{n}", "names": [{"full_name": f"Person {n}"}]}
            for n in range(4)
        ],
    )
    p = [people[f"p{n}"] for n in range(4)]
    analyst = world.user_id("police-ru")
    with transaction(world.engine) as session:
        session.execute(update(User).where(User.id == analyst).values(role="analyst"))
        session.add(
            Judgement(
                record_kind="person",
                left_id=p[0],
                right_id=p[1],
                verdict="positive",
                source="user",
                user_id=analyst,
            )
        )
        session.add(Candidate(record_kind="person", left_id=p[1], right_id=p[2], score=0.8))
        session.add(Candidate(record_kind="person", left_id=p[2], right_id=p[3], score=0.9))
    with world.acting("police-ru") as ctx:
        # p1 was judged by the analyst: the pair (p1, p2) is new on it; (p2, p3) is not.
        assert start.watched_matches(ctx) == 1
        assert start.review_waiting(ctx) == 2
    with world.acting("police") as ctx, pytest.raises(PermissionDenied, match="'resolve'"):
        start.watched_matches(ctx)

"""What waits for each user, in numbers: referrals to answer and answers to note for
those who refer and answer, share and emergency requests for those who decide them,
alerts for auditors; nobody counts another organisation's."""

from __future__ import annotations

import pytest
from tests.actions.conftest import World, victim

from amanat.access import audit_store
from amanat.access.roles import PermissionDenied
from amanat.actions import emergency, inbox, referrals, sharing


def test_referrals_wait_for_the_receiver_then_the_answer_for_the_sender(world: World) -> None:
    victim_id = world.create("ngo", *victim())["victim"]
    with world.acting("ngo") as ctx:
        referral_id = referrals.add(ctx, victim_id, "shelter", 4).id
    with world.acting("shelter") as ctx:
        assert inbox.referrals(ctx) == inbox.ReferralsWaiting(to_answer=1, answers=0)
        referrals.set_status(ctx, referral_id, "accepted", "referred")
        assert inbox.referrals(ctx) == inbox.ReferralsWaiting(to_answer=0, answers=0)
    with world.acting("ngo") as ctx:
        assert inbox.referrals(ctx) == inbox.ReferralsWaiting(to_answer=0, answers=1)
        referrals.note_answer(ctx, referral_id)
        assert inbox.referrals(ctx) == inbox.ReferralsWaiting(to_answer=0, answers=0)
    with world.acting("kg-shelter") as ctx:
        assert inbox.referrals(ctx) == inbox.ReferralsWaiting(to_answer=0, answers=0)
    with world.acting("stats") as ctx, pytest.raises(PermissionDenied, match="'update'"):
        inbox.referrals(ctx)


def test_requests_wait_for_those_who_decide_them(world: World) -> None:
    case = {"kind": "case", "ref": "case", "case_type": "tip", "jurisdiction": "KZ"}
    case_id = world.create("police", case)["case"]
    with world.acting("prosecutor") as ctx:
        sharing.ask(ctx, "case", case_id, "UZ-MVD", "the Uzbek side holds the recruiter")
        emergency.ask(ctx, "case", case_id, "a child may be moved across the border tonight")
    with world.acting("police") as ctx:
        assert (inbox.share_requests(ctx), inbox.emergency(ctx)) == (1, 1)
    with world.acting("prosecutor") as ctx:  # one's own requests wait for others
        assert (inbox.share_requests(ctx), inbox.emergency(ctx)) == (0, 0)
    with world.acting("admin") as ctx, pytest.raises(PermissionDenied, match="'approve'"):
        inbox.share_requests(ctx)
    with world.acting("auditor") as ctx:
        before = inbox.alerts(ctx)
        audit_store.append(ctx.session, "login_throttled", detail={"address": "192.0.2.7"})
    with world.acting("auditor") as ctx:
        assert inbox.alerts(ctx) == before + 1
    with world.acting("police") as ctx, pytest.raises(PermissionDenied, match="'audit'"):
        inbox.alerts(ctx)

"""Referrals through the door: only the victim's organisation refers, only the
provider named answers, a referral to someone else is not found, and every step is
in the audit trail."""

from __future__ import annotations

import pytest
from sqlalchemy.orm.exc import StaleDataError
from tests.actions.conftest import World, victim

from amanat.access.roles import PermissionDenied
from amanat.access.sharing import NotFound
from amanat.actions import referrals
from amanat.actions.records.changes import OriginatorOnly

SHELTER = 4  # the Almaty shelter's organisation id in the world


def _referred(world: World) -> tuple[int, int]:
    """A victim of the NGO referred to the shelter: (victim id, assistance id)."""
    victim_id = world.create("ngo", *victim())["victim"]
    with world.acting("ngo") as ctx:
        found = referrals.add(ctx, victim_id, {"kind": "shelter", "provider_org_id": SHELTER}, 1)
        return victim_id, found.assistance[0].id


def test_the_victims_organisation_refers_and_it_is_audited(world: World) -> None:
    victim_id, _ = _referred(world)
    [entry] = world.entries("referral")
    assert entry["target"] == ("victim", str(victim_id))
    assert (entry["kind"], entry["provider_org_id"]) == ("shelter", SHELTER)
    assert [e["fields"] for e in world.entries("update")] == ["assistance"]


def test_only_the_victims_organisation_refers(world: World) -> None:
    victim_id = world.create("ngo", *victim())["victim"]
    entry = {"kind": "legal"}
    with world.acting("shelter") as ctx, pytest.raises(OriginatorOnly):
        referrals.add(ctx, victim_id, entry, 1)  # the group sees it; it does not own it
    with world.acting("uz-police") as ctx, pytest.raises(NotFound):
        referrals.add(ctx, victim_id, entry, 1)  # outside the group: as if missing
    with world.acting("stats") as ctx, pytest.raises(PermissionDenied, match="'update'"):
        referrals.add(ctx, victim_id, entry, 1)
    assert world.entries("referral") == []


def test_the_provider_answers_and_it_is_audited(world: World) -> None:
    victim_id, assistance_id = _referred(world)
    with world.acting("shelter") as ctx:
        answered = referrals.set_status(ctx, assistance_id, "accepted", "referred")
        assert answered.status == "accepted"
    [entry] = world.entries("referral_status")
    assert entry["target"] == ("victim", str(victim_id))
    assert (entry["status"], entry["assistance"]) == ("accepted", assistance_id)
    assert entry["user_id"] == world.user_id("shelter")


def test_a_referral_to_someone_else_is_not_found_like_a_missing_one(world: World) -> None:
    _, assistance_id = _referred(world)
    for username in ("ngo", "police"):
        with world.acting(username) as ctx, pytest.raises(NotFound) as other:
            referrals.set_status(ctx, assistance_id, "accepted", "referred")
        with world.acting(username) as ctx, pytest.raises(NotFound) as missing:
            referrals.set_status(ctx, assistance_id + 1000, "accepted", "referred")
        assert str(other.value).replace(str(assistance_id), "#") == str(missing.value).replace(
            str(assistance_id + 1000), "#"
        )
    with world.acting("admin") as ctx, pytest.raises(PermissionDenied, match="'update'"):
        referrals.set_status(ctx, assistance_id, "accepted", "referred")
    assert world.entries("referral_status") == []


def test_a_stale_answer_changes_nothing(world: World) -> None:
    _, assistance_id = _referred(world)
    with world.acting("shelter") as ctx, pytest.raises(StaleDataError):
        referrals.set_status(ctx, assistance_id, "accepted", "completed")


def test_the_lists_show_pseudonyms_only_where_shared_and_audit_them(world: World) -> None:
    victim_id, _ = _referred(world)
    with world.acting("ngo") as ctx:
        made = referrals.referrals(ctx).made
    assert [(r.victim_id, r.pseudonym is not None) for r in made] == [(victim_id, True)]
    with world.acting("shelter") as ctx:
        [received] = referrals.referrals(ctx).received
    assert received.pseudonym is not None and received.pseudonym.startswith("V-")
    reads = world.entries("read")
    assert {(e["user_id"], e["purpose"]) for e in reads} == {
        (world.user_id("ngo"), "referrals"),
        (world.user_id("shelter"), "referrals"),
    }
    with world.acting("auditor") as ctx, pytest.raises(PermissionDenied, match="'read'"):
        referrals.referrals(ctx)


def test_a_provider_outside_the_victims_sharing_sees_no_pseudonym(world: World) -> None:
    victim_id = world.create("ngo", *victim(), group=False)["victim"]
    with world.acting("ngo") as ctx:
        referrals.add(ctx, victim_id, {"kind": "shelter", "provider_org_id": SHELTER}, 1)
    with world.acting("shelter") as ctx:
        [received] = referrals.referrals(ctx).received
    assert received.pseudonym is None and received.victim_id == victim_id
    assert [e for e in world.entries("read") if e["user_id"] == world.user_id("shelter")] == []

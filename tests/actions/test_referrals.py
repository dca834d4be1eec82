"""Referrals through the door: only the victim's organisation refers, only to an
organisation the directory lists for the service, only under her consent (asked
for when missing); the receiver sees her and answers; the sender sees each answer;
a decline closes what the referral opened; every step is in the audit trail, with
no identity in it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from tests.actions.conftest import World, victim

from amanat.access.identity_vault import may_reveal
from amanat.access.models import RecordShare
from amanat.access.roles import PermissionDenied
from amanat.access.sharing import NotFound, visible_record
from amanat.actions import records, referrals
from amanat.actions.errors import FieldProblem
from amanat.actions.people.identity import reveal_identity
from amanat.actions.records.changes import OriginatorOnly
from amanat.actions.referrals import listing
from amanat.register import Consent, Person, Referral

SHELTER = 4  # the Almaty shelter: offers shelter, medical and legal aid in Kazakhstan
KG_SHELTER = 6  # a Kyrgyz shelter outside the sharing group
POLICE = 1  # offers nothing
NOW = referrals.GivenConsent(dt.date(2024, 4, 3), identity=True)
NAME = "Айгуль Сапарова"


def _refer(world: World, victim_id: int, provider: int = SHELTER, **given: object) -> int:
    with world.acting("ngo") as ctx:
        return referrals.add(ctx, victim_id, "shelter", provider, **given).id  # type: ignore[arg-type]


def _referred(world: World, **fields: object) -> tuple[int, int]:
    """A victim of the NGO (consent to assistance, any organisation) referred to the
    shelter: (victim id, referral id)."""
    victim_id = world.create("ngo", *victim(**fields))["victim"]
    return victim_id, _refer(world, victim_id)


def _shared_with(world: World, org_id: int) -> set[str]:
    with world.acting("ngo") as ctx:
        query = select(RecordShare.record_kind).where(RecordShare.org_id == org_id)
        return set(ctx.session.scalars(query))


def test_the_victims_organisation_refers_and_it_is_audited(world: World) -> None:
    victim_id, referral_id = _referred(world)
    [entry] = world.entries("referral")
    assert entry["target"] == ("victim", str(victim_id))
    assert (entry["service"], entry["provider_org_id"], entry["referral"]) == (
        "shelter",
        SHELTER,
        referral_id,
    )
    assert entry["user_id"] == world.user_id("ngo")
    assert NAME not in str(world.entries("referral"))


def test_only_the_victims_organisation_refers(world: World) -> None:
    victim_id = world.create("ngo", *victim())["victim"]
    with world.acting("shelter") as ctx, pytest.raises(OriginatorOnly):
        referrals.add(ctx, victim_id, "legal", SHELTER)  # the group sees it; it does not own it
    with world.acting("uz-police") as ctx, pytest.raises(NotFound):
        referrals.add(ctx, victim_id, "legal", SHELTER)  # outside the group: as if missing
    with world.acting("stats") as ctx, pytest.raises(PermissionDenied, match="'update'"):
        referrals.add(ctx, victim_id, "legal", SHELTER)
    assert world.entries("referral") == []


def test_only_a_provider_of_the_service_can_be_picked(world: World) -> None:
    victim_id = world.create("ngo", *victim())["victim"]
    # The police offer no shelter; the shelter offers no repatriation; nobody's id 999.
    for service, provider in (("shelter", POLICE), ("repatriation", SHELTER), ("shelter", 999)):
        with world.acting("ngo") as ctx, pytest.raises(FieldProblem) as refused:
            referrals.add(ctx, victim_id, service, provider)
        assert refused.value.loc == ("body", "provider_org_id")
        assert refused.value.value == provider
        assert "does not offer this service" in refused.value.message
    with world.acting("ngo") as ctx, pytest.raises(FieldProblem) as bad:
        referrals.add(ctx, victim_id, "massage", SHELTER)
    assert (bad.value.loc, bad.value.value) == (("body", "service"), "massage")
    assert world.entries("referral") == [] and _shared_with(world, POLICE) == set()


def test_without_her_consent_nothing_is_referred_until_she_gives_it(world: World) -> None:
    # Her only consent names the NGO's own partner, not the Kyrgyz shelter.
    consents = [{"purpose": "assistance", "given_on": "2024-04-02", "granted_to_org_id": SHELTER}]
    victim_id = world.create("ngo", *victim(consents=consents))["victim"]
    with pytest.raises(FieldProblem) as refused:
        _refer(world, victim_id, KG_SHELTER)
    assert refused.value.loc == ("body", "consent") and refused.value.value == KG_SHELTER
    assert "has not consented" in refused.value.message
    assert world.entries("referral") == [] and _shared_with(world, KG_SHELTER) == set()
    # She agrees to the referral, not to the shelter knowing her name.
    pseudonymous = referrals.GivenConsent(dt.date(2024, 4, 3), identity=False)
    _refer(world, victim_id, KG_SHELTER, consent=pseudonymous)
    with world.acting("ngo") as ctx:
        [given] = ctx.session.scalars(
            select(Consent).where(Consent.granted_to_org_id == KG_SHELTER)
        ).all()
        assert (given.purpose, given.identity, given.given_on) == (
            "assistance",
            False,
            dt.date(2024, 4, 3),
        )
    [entry] = world.entries("consent")
    assert (entry["granted_to_org_id"], entry["identity"], entry["purpose"]) == (
        KG_SHELTER,
        False,
        "assistance",
    )


def test_the_receiver_sees_her_and_her_identity_only_where_she_consented(world: World) -> None:
    # Outside the sharing group, the Kyrgyz shelter saw nothing of her before.
    victim_id = world.create("ngo", *victim(), group=False)["victim"]
    with world.acting("kg-shelter") as ctx, pytest.raises(NotFound):
        visible_record(ctx.session, ctx.viewer, "victim", victim_id)
    _refer(world, victim_id, KG_SHELTER)
    assert _shared_with(world, KG_SHELTER) == {"victim", "person"}
    with world.acting("kg-shelter") as ctx:
        [received] = referrals.referrals(ctx).received
        assert received.pseudonym is not None and received.pseudonym.startswith("V-")
        shown = reveal_identity(ctx, "victim", victim_id, "assistance")
        assert shown.identity is not None and shown.identity.names[0]["full_name"] == NAME


def test_a_consent_without_identity_shows_the_pseudonym_only(world: World) -> None:
    victim_id = world.create("ngo", *victim(consents=[]), group=False)["victim"]
    _refer(world, victim_id, KG_SHELTER, consent=referrals.GivenConsent(dt.date.today(), False))
    with world.acting("kg-shelter") as ctx:
        shown = reveal_identity(ctx, "victim", victim_id, "assistance")
        assert shown.identity is None and shown.pseudonym.startswith("V-")
        person = ctx.session.get(
            Person, visible_record(ctx.session, ctx.viewer, "victim", victim_id).person_id
        )
        assert person is not None and not may_reveal(ctx.session, ctx.viewer, person, "assistance")


def test_the_provider_answers_and_the_sender_sees_each_answer(world: World) -> None:
    victim_id, referral_id = _referred(world)
    with world.acting("shelter") as ctx:
        assert referrals.set_status(ctx, referral_id, "accepted", "referred").status == "accepted"
    with world.acting("ngo") as ctx:
        [made] = referrals.referrals(ctx).made
        assert (made.referral.status, made.referral.answer_noted) == ("accepted", False)
        referrals.note_answer(ctx, referral_id)
    with world.acting("shelter") as ctx:
        referrals.set_status(ctx, referral_id, "completed", "accepted")
    with world.acting("ngo") as ctx:
        [mine] = referrals.of_victim(ctx, victim_id)
        assert [e.status for e in mine.events] == ["referred", "accepted", "completed"]
        assert mine.completed_on == dt.date.today() and not mine.answer_noted
    entries = world.entries("referral_status")
    assert [(e["status"], e["referral"]) for e in entries] == [
        ("accepted", referral_id),
        ("completed", referral_id),
    ]
    assert {e["user_id"] for e in entries} == {world.user_id("shelter")}
    assert [e["user_id"] for e in world.entries("referral_noted")] == [world.user_id("ngo")]


def test_a_decline_needs_a_reason_and_closes_what_the_referral_opened(world: World) -> None:
    victim_id = world.create("ngo", *victim(), group=False)["victim"]
    referral_id = _refer(world, victim_id, KG_SHELTER)
    with world.acting("kg-shelter") as ctx, pytest.raises(FieldProblem) as bare:
        referrals.set_status(ctx, referral_id, "refused_by_provider", "referred", "  ")
    assert bare.value.loc == ("body", "reason")
    reason = "No bed free until May; ask the Osh shelter"
    with world.acting("kg-shelter") as ctx:
        referrals.set_status(ctx, referral_id, "refused_by_provider", "referred", reason)
    assert _shared_with(world, KG_SHELTER) == set()
    with world.acting("kg-shelter") as ctx:
        [received] = referrals.referrals(ctx).received
        assert received.pseudonym is None  # closed again
    with world.acting("ngo") as ctx:
        [made] = referrals.referrals(ctx).made
        assert (made.referral.status, made.referral.reason) == ("refused_by_provider", reason)
    # The reason is the organisations' to read, not the trail's.
    [entry] = world.entries("referral_status")
    assert entry["reason_given"] is True and reason not in str(entry)


def test_a_decline_keeps_open_what_another_open_referral_needs(world: World) -> None:
    victim_id = world.create("ngo", *victim(), group=False)["victim"]
    first = _refer(world, victim_id, KG_SHELTER)
    with world.acting("ngo") as ctx:
        second = referrals.add(ctx, victim_id, "shelter", KG_SHELTER).id
    with world.acting("kg-shelter") as ctx:
        referrals.set_status(ctx, first, "refused_by_provider", "referred", "full")
    assert _shared_with(world, KG_SHELTER) == {"victim", "person"}
    with world.acting("kg-shelter") as ctx:
        referrals.set_status(ctx, second, "declined_by_victim", "referred", "went home")
    assert _shared_with(world, KG_SHELTER) == set()


def test_only_what_may_follow_is_accepted(world: World) -> None:
    _, referral_id = _referred(world)
    with world.acting("shelter") as ctx, pytest.raises(FieldProblem) as early:
        referrals.set_status(ctx, referral_id, "completed", "referred")
    assert (early.value.loc, early.value.value) == (("body", "status"), "completed")
    with world.acting("shelter") as ctx, pytest.raises(FieldProblem) as unknown:
        referrals.set_status(ctx, referral_id, "referred", "referred")
    assert unknown.value.value == "referred"
    with world.acting("shelter") as ctx, pytest.raises(StaleDataError):
        referrals.set_status(ctx, referral_id, "accepted", "completed")
    assert world.entries("referral_status") == []


def test_a_referral_to_someone_else_is_not_found_like_a_missing_one(world: World) -> None:
    _, referral_id = _referred(world)
    for username in ("ngo", "police"):
        with world.acting(username) as ctx, pytest.raises(NotFound) as other:
            referrals.set_status(ctx, referral_id, "accepted", "referred")
        with world.acting(username) as ctx, pytest.raises(NotFound) as missing:
            referrals.set_status(ctx, referral_id + 1000, "accepted", "referred")
        assert str(other.value).replace(str(referral_id), "#") == str(missing.value).replace(
            str(referral_id + 1000), "#"
        )
    for username in ("shelter", "police"):  # only the sender notes the answers
        with world.acting(username) as ctx, pytest.raises(NotFound):
            referrals.note_answer(ctx, referral_id)
    with world.acting("admin") as ctx, pytest.raises(PermissionDenied, match="'update'"):
        referrals.set_status(ctx, referral_id, "accepted", "referred")
    assert world.entries("referral_status") == []


def test_the_lists_show_pseudonyms_and_audit_them(world: World) -> None:
    victim_id, _ = _referred(world)
    with world.acting("ngo") as ctx:
        made = referrals.referrals(ctx).made
    assert [(r.referral.victim_id, r.pseudonym is not None) for r in made] == [(victim_id, True)]
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


def test_a_victims_referrals_for_her_organisation_and_the_receiver(world: World) -> None:
    victim_id, to_shelter = _referred(world)
    with world.acting("ngo") as ctx:
        to_kg = referrals.add(ctx, victim_id, "shelter", KG_SHELTER).id
        assert [r.id for r in referrals.of_victim(ctx, victim_id)] == [to_shelter, to_kg]
    with world.acting("shelter") as ctx:
        assert [r.id for r in referrals.of_victim(ctx, victim_id)] == [to_shelter]
    with world.acting("uz-police") as ctx, pytest.raises(NotFound):
        referrals.of_victim(ctx, victim_id)
    with world.acting("ngo") as ctx:
        assert ctx.session.scalars(select(Referral.status)).all() == ["referred", "referred"]


def _consents(world: World, victim_id: int, consents: list[dict[str, object]]) -> None:
    """The NGO changes her consents through ``record.update``, at the version it read."""
    with world.acting("ngo") as ctx:
        version = records.get_record(ctx, "victim", victim_id, "assistance").version
        records.update_record(ctx, "victim", victim_id, {"consents": consents}, version)


def test_withdrawing_her_consent_closes_the_referrals_it_covered(world: World) -> None:
    victim_id = world.create("ngo", *victim(), group=False)["victim"]
    referral_id = _refer(world, victim_id, KG_SHELTER)
    assert _shared_with(world, KG_SHELTER) == {"victim", "person"}
    withdrawn = {"purpose": "assistance", "given_on": "2024-04-02", "withdrawn_on": "2024-05-01"}
    _consents(world, victim_id, [withdrawn])
    # The shelter no longer sees her, as if she had never been referred.
    assert _shared_with(world, KG_SHELTER) == set()
    with world.acting("kg-shelter") as ctx, pytest.raises(NotFound):
        visible_record(ctx.session, ctx.viewer, "victim", victim_id)
    # Both organisations see why the referral ended; the trail counts it, names no one.
    with world.acting("ngo") as ctx:
        [made] = referrals.referrals(ctx).made
        assert made.referral.id == referral_id
        assert made.referral.status == "declined_by_victim"
        assert made.referral.reason == referrals.WITHDRAWN
    [entry] = [e for e in world.entries("update") if e["target"] == ("victim", str(victim_id))]
    assert entry["referrals_closed"] == 1


def test_a_referral_another_consent_still_covers_stays_open(world: World) -> None:
    victim_id = world.create("ngo", *victim(), group=False)["victim"]
    referral_id = _refer(world, victim_id, KG_SHELTER)
    # The consent to any organisation goes; one naming the Kyrgyz shelter remains.
    named = {"purpose": "assistance", "given_on": "2024-04-20", "granted_to_org_id": KG_SHELTER}
    _consents(world, victim_id, [named])
    assert _shared_with(world, KG_SHELTER) == {"victim", "person"}
    with world.acting("kg-shelter") as ctx:
        referrals.set_status(ctx, referral_id, "accepted", "referred")
    [entry] = [e for e in world.entries("update") if e["target"] == ("victim", str(victim_id))]
    assert entry.get("referrals_closed") is None


def test_the_lists_are_filtered_sorted_and_paged_each_on_its_own(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    made = [_referred(world)[1] for _ in range(3)]
    with world.acting("shelter") as ctx:
        referrals.set_status(ctx, made[0], "accepted", "referred", None)
    with world.acting("ngo") as ctx:
        first = referrals.referrals(ctx, referrals.Wanted(sort="referred_earliest"))
        last = referrals.referrals(ctx, referrals.Wanted(sort="referred_earliest", made_page=2))
        accepted = referrals.referrals(ctx, referrals.Wanted(status="accepted"))
        waiting = referrals.referrals(ctx, referrals.Wanted(waiting=True))
        with pytest.raises(FieldProblem, match="sort"):
            referrals.referrals(ctx, referrals.Wanted(sort="victim"))
    assert [i.referral.id for i in first.made + last.made] == made
    assert (first.made_paging.total, first.made_paging.pages, last.made_paging.number) == (3, 2, 2)
    assert [i.referral.id for i in accepted.made] == [made[0]]
    assert [i.referral.id for i in waiting.made] == [made[0]]  # answered, not yet noted
    with world.acting("shelter") as ctx:
        to_answer = referrals.referrals(ctx, referrals.Wanted(waiting=True)).received
    assert sorted(i.referral.id for i in to_answer) == made[1:]

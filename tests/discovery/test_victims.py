"""A victim is never a hit without her consent to discovery."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update
from tests.discovery.conftest import World, victim

from amanat.actions import discovery, information_requests
from amanat.actions.discovery import Query
from amanat.actions.errors import FieldProblem
from amanat.discovery.release import IDENTITY
from amanat.register import Consent

NAME = "Айгуль Сапарова"


def _victim(world: World, *consents: dict[str, str]) -> int:
    made = world.create("kg-shelter", *victim(consents=list(consents)), group=False)
    return made["person"]


def _hit(world: World) -> bool:
    with world.acting("police") as ctx:
        [outcome] = discovery.ask(
            ctx, [Query(names=["Aigul Saparova"], born="1999")], "a recruiter named her", "other"
        )
    return outcome.hit


def test_a_victim_is_never_a_hit_without_consent(world: World) -> None:
    person = _victim(world, {"purpose": "assistance", "given_on": "2024-04-02"})
    assert not _hit(world)
    with world.acting("kg-shelter") as ctx, pytest.raises(ValueError, match="consent"):
        discovery.set_discoverable(ctx, person, "organisation")
    assert not _hit(world)


def test_with_consent_she_is_found_and_the_holder_stays_hidden(world: World) -> None:
    _victim(world, {"purpose": "discovery", "given_on": "2024-04-02"})
    with world.acting("police") as ctx:
        [outcome] = discovery.ask(
            ctx, [Query(names=["Aigul Saparova"], born="1999")], "a recruiter named her", "other"
        )
    [answer] = outcome.answers
    assert (answer.holder, answer.holder_name, answer.country) == (None, None, None)


def test_a_withdrawn_consent_ends_the_hits(world: World) -> None:
    _victim(world, {"purpose": "discovery", "given_on": "2024-04-02"})
    assert _hit(world)
    with world.acting("kg-shelter") as ctx:
        ctx.session.execute(update(Consent).values(withdrawn_on=dt.date(2024, 6, 1)))
    # Read again at the moment of asking: no index rebuilt in between.
    assert not _hit(world)


def _request(world: World) -> int:
    with world.acting("police") as ctx:
        [outcome] = discovery.ask(
            ctx, [Query(names=["Aigul Saparova"], born="1999")], "a recruiter named her", "other"
        )
        reference = outcome.answers[0].reference
        return information_requests.file(ctx, reference, "a recruiter named her", "other").id


def test_a_consenting_victims_identity_is_never_offered_nor_released(world: World) -> None:
    _victim(world, {"purpose": "discovery", "given_on": "2024-04-02"})
    request_id = _request(world)
    with world.acting("kg-shelter") as ctx:
        shown = information_requests.show(ctx, request_id)
        assert not set(shown.offered_sections) & IDENTITY
        with pytest.raises(FieldProblem):
            information_requests.decide(ctx, request_id, "partial", sections=["names"])
        information_requests.decide(ctx, request_id, "approve")
    with world.acting("police") as ctx:
        released = information_requests.show(ctx, request_id).released
    shown_text = repr(released)
    assert NAME not in shown_text and "1999" not in shown_text


def test_a_withdrawn_consent_releases_nothing(world: World) -> None:
    _victim(world, {"purpose": "discovery", "given_on": "2024-04-02"})
    request_id = _request(world)
    with world.acting("kg-shelter") as ctx:
        ctx.session.execute(update(Consent).values(withdrawn_on=dt.date(2024, 6, 1)))
    with world.acting("kg-shelter") as ctx:
        assert information_requests.show(ctx, request_id).hit_persons == []
        information_requests.decide(ctx, request_id, "approve")
    with world.acting("police") as ctx:
        assert information_requests.show(ctx, request_id).released == []


def test_a_victims_record_is_not_sent_asking(world: World) -> None:
    person = _victim(world, {"purpose": "assistance", "given_on": "2024-04-02"})
    with world.acting("kg-shelter") as ctx, pytest.raises(FieldProblem, match="victim"):
        discovery.ask(ctx, [Query(person_id=person)], "who else holds her", "other")

"""The information broker: an NGO's case worker asks about a trafficker her client names
and learns only that someone holds him; the Uzbek ministry, whose record was hit, sees
that the NGO asked and why, asks it back, and the NGO answers in its own words.  Neither
side sees the other's records; an investigator's hit cannot be asked back."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from tests.discovery.conftest import SUSPECT_NAME, World, suspect

from amanat.access.sharing import NotFound
from amanat.actions import audit_trail, discovery, information_requests
from amanat.actions.discovery import Query
from amanat.actions.errors import FieldProblem
from amanat.actions.information_broker import ask_back, is_brokered
from amanat.discovery.models import InformationRequest
from amanat.store.engine import transaction

WHY = "a recruiter my client named, to plan her safety"
TOLD = "He recruited her in Osh in 2023 for a farm job."
BACK = "Our suspect matches a person your client named; what did she say of him?"
SHEVCHENKO = Query(names=["Taras Shevchenko"], born="1981-03-09")


def _ask(world: World, user: str) -> list[discovery.Answer]:
    with world.acting(user) as ctx:
        [outcome] = discovery.ask(ctx, [SHEVCHENKO], WHY, "other")
    return outcome.answers


def test_an_ngo_learns_only_hit_and_the_holder_asks_it_back(world: World) -> None:
    suspect(world)
    [answer] = _ask(world, "ngo")
    # Hit, and nothing more: no band, no holder, no reference to ask with.
    assert answer == discovery.Answer("hit", "", brokered=True)
    with world.acting("uz-police") as ctx:
        [hit] = discovery.received(ctx)
        assert (hit.asker_org, hit.purpose, hit.brokered) == ("KG-NGO", WHY, True)
        request = ask_back(ctx, hit.reference, BACK, "other", "urgent", "H2")
        request_id = request.id
        assert is_brokered(ctx, request)
        with pytest.raises(FieldProblem):  # once per hit
            ask_back(ctx, hit.reference, BACK, "other")
    with world.acting("ngo") as ctx:
        [waiting] = information_requests.lists(ctx).to_decide
        assert (waiting.request.id, waiting.asker_org) == (request_id, "UZ-MVD")
        shown = information_requests.show(ctx, request_id)
        # The NGO sees the question, never the ministry's record.
        assert shown.holder_side and shown.hit_persons == [] and shown.offered_sections == ()
        with pytest.raises(FieldProblem) as nothing:
            information_requests.decide(ctx, request_id, "approve")
        assert nothing.value.loc == ("body", "note")
        information_requests.decide(ctx, request_id, "approve", note=TOLD)
    with world.acting("uz-police") as ctx:
        seen = information_requests.show(ctx, request_id)
        assert seen.listed.request.status == "approved"
        assert seen.listed.request.decision_note == TOLD
        assert seen.released == []
    entries = world.entries("rfi.filed")
    assert [e.get("brokered") for e in entries] == [True]  # the holder asking the NGO
    assert all(SUSPECT_NAME not in str(e) for e in entries)


def test_an_investigators_hit_cannot_be_asked_back(world: World) -> None:
    suspect(world)
    [answer] = _ask(world, "police")
    assert answer.band in ("certain", "probable", "possible") and not answer.brokered
    with world.acting("uz-police") as ctx:
        [hit] = discovery.received(ctx)
        assert not hit.brokered
        with pytest.raises(NotFound):
            ask_back(ctx, hit.reference, BACK, "other")
    # Nor may another organisation ask back on a hit of someone else's record.
    _ask(world, "ngo")
    with world.acting("uz-police") as ctx:
        reference = next(h.reference for h in discovery.received(ctx) if h.brokered)
    with pytest.raises(NotFound), world.acting("police") as ctx:
        ask_back(ctx, reference, BACK, "other")


def test_an_unanswered_request_to_the_ngo_raises_the_overdue_alert(world: World) -> None:
    suspect(world)
    _ask(world, "ngo")
    with world.acting("uz-police") as ctx:
        [hit] = discovery.received(ctx)
        request_id = ask_back(ctx, hit.reference, BACK, "other").id
    with transaction(world.engine) as session:
        request = session.get(InformationRequest, request_id)
        assert request is not None
        request.due_at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    with world.acting("auditor") as ctx:
        raised = audit_trail.alerts(ctx).alerts
    assert [a.target_id for a in raised if a.rule_id == "information_request_overdue"] == [
        str(request_id)
    ]
    with transaction(world.engine) as session:
        assert session.scalar(select(InformationRequest.status)) == "pending"

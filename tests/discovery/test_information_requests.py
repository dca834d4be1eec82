"""Requests for information after a hit: the asker files one, the holder sees it with a
deadline, releases chosen parts, and the asker sees exactly those; a reference or a
request of another organisation answers as one that does not exist."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from tests.discovery.conftest import PASSPORT, SUSPECT_NAME, World, suspect

from amanat.access.models import RecordShare
from amanat.access.roles import PermissionDenied
from amanat.access.sharing import NotFound
from amanat.actions import audit_trail, discovery, information_requests, records
from amanat.actions.discovery import Query
from amanat.actions.errors import FieldProblem
from amanat.discovery.models import InformationRequest
from amanat.store.engine import transaction

PURPOSE = "trafficking of Uzbek workers, case 2024-117"


def _hit(world: World, user: str = "police") -> str:
    with world.acting(user) as ctx:
        [outcome] = discovery.ask(
            ctx, [Query(names=["Taras Shevchenko"], born="1981-03-09")], PURPOSE, "mla_request"
        )
    return outcome.answers[0].reference


def _file(world: World, reference: str, user: str = "police") -> int:
    with world.acting(user) as ctx:
        return information_requests.file(ctx, reference, PURPOSE, "mla_request", "urgent", "H2").id


def test_the_holder_releases_chosen_sections_and_the_asker_sees_exactly_those(
    world: World,
) -> None:
    person = suspect(world, phones=[{"number": "+998901234567"}], notes="seen in Osh")
    request_id = _file(world, _hit(world))
    with world.acting("uz-police") as ctx:
        [waiting] = information_requests.lists(ctx).to_decide
        assert (waiting.asker_org, waiting.request.purpose) == ("KZ-POL", PURPOSE)
        assert not waiting.overdue
        due = waiting.request.due_at - waiting.request.requested_at
        assert due == dt.timedelta(hours=48)
        assert information_requests.waiting(ctx) == (1, 0)
        shown = information_requests.show(ctx, request_id)
        assert shown.holder_side and shown.hit_persons == [person]
        assert "names" in shown.offered_sections
        [role] = shown.offered_records
        assert role.startswith("case_role:")
    with world.acting("police") as ctx:
        before = information_requests.show(ctx, request_id)
        assert not before.holder_side and before.released == []
        # Not the asker's record before the release, nor after a partial one.
        with pytest.raises(NotFound):
            records.get_record(ctx, "person", person)
    with world.acting("uz-police") as ctx:
        information_requests.decide(
            ctx, request_id, "partial", sections=["names", "documents"], note="names only"
        )
    with world.acting("police") as ctx:
        after = information_requests.show(ctx, request_id)
        [released] = after.released
        assert released.sections == {
            "names": [SUSPECT_NAME],
            "documents": [f"national_passport UZ {PASSPORT}"],
        }
        assert after.listed.request.status == "partial"
        assert after.listed.request.handling == "H2"
        with pytest.raises(NotFound):
            records.get_record(ctx, "person", person)
    assert [e["request"] for e in world.entries("rfi.read")] == [request_id]
    [decision] = world.entries("rfi.decision")
    assert (decision["decision"], decision["sections"]) == ("partial", "names,documents")


def test_full_approval_shares_the_record_with_the_asker(world: World) -> None:
    person = suspect(world)
    request_id = _file(world, _hit(world))
    with world.acting("uz-police") as ctx:
        information_requests.decide(ctx, request_id, "approve")
    with world.acting("police") as ctx:
        assert records.get_record(ctx, "person", person).id == person
        shown = information_requests.show(ctx, request_id)
        assert shown.listed.holder_org == "UZ-MVD"
        assert shown.released[0].sections["names"] == [SUSPECT_NAME]
    with transaction(world.engine) as session:
        shares = session.scalars(select(RecordShare.record_kind)).all()
    assert shares == ["person"]


def test_a_decline_needs_a_reason_and_releases_nothing(world: World) -> None:
    suspect(world)
    request_id = _file(world, _hit(world))
    with pytest.raises(FieldProblem), world.acting("uz-police") as ctx:
        information_requests.decide(ctx, request_id, "decline")
    with world.acting("uz-police") as ctx:
        information_requests.decide(ctx, request_id, "decline", note="no agreement")
    with world.acting("police") as ctx:
        shown = information_requests.show(ctx, request_id)
        assert shown.listed.request.status == "declined" and shown.released == []
        assert shown.listed.request.decision_note == "no agreement"
    with pytest.raises(FieldProblem), world.acting("uz-police") as ctx:
        information_requests.decide(ctx, request_id, "approve")


def test_another_organisations_reference_or_request_looks_absent(world: World) -> None:
    suspect(world)
    reference = _hit(world)
    with pytest.raises(NotFound):
        _file(world, reference, user="ngo")  # not the asker's reference
    with pytest.raises(NotFound):
        _file(world, "no-such-reference")
    request_id = _file(world, reference)
    with pytest.raises(FieldProblem):
        _file(world, reference)  # once per reference
    for user in ("ngo", "prosecutor"):
        with pytest.raises(NotFound), world.acting(user) as ctx:
            information_requests.show(ctx, request_id)
    # The asker cannot decide her own request: it is not hers to decide.
    with pytest.raises(NotFound), world.acting("police") as ctx:
        information_requests.decide(ctx, request_id, "approve")
    with pytest.raises(PermissionDenied), world.acting("stats") as ctx:
        information_requests.file(ctx, reference, PURPOSE, "other")


def _overdue_alerts(world: World) -> list[str]:
    with world.acting("auditor") as ctx:
        found = audit_trail.alerts(ctx)
    return [a.target_id or "" for a in found.alerts if a.rule_id == "information_request_overdue"]


def test_an_overdue_request_shows_as_overdue_and_raises_an_alert(world: World) -> None:
    suspect(world)
    request_id = _file(world, _hit(world))
    assert _overdue_alerts(world) == []  # within its deadline
    with transaction(world.engine) as session:
        request = session.get(InformationRequest, request_id)
        assert request is not None
        request.due_at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    with world.acting("uz-police") as ctx:
        assert information_requests.waiting(ctx) == (1, 1)
        found = information_requests.lists(ctx, "overdue")
        assert [i.overdue for i in found.to_decide] == [True]
        assert found.overdue == 1
    # The auditors' alerts raise it, known by the entry that filed it.
    assert _overdue_alerts(world) == [str(request_id)]
    with world.acting("uz-police") as ctx:
        information_requests.decide(ctx, request_id, "decline", note="no legal basis here")
    assert _overdue_alerts(world) == []  # answered, late: no longer waiting


def test_asking_from_a_person_page_uses_the_record(world: World) -> None:
    suspect(world)
    mine = world.create(
        "police",
        {
            "kind": "person",
            "ref": "p",
            "names": [{"full_name": "Taras Shevchenko"}],
            "birth_year": 1981,
        },
    )["p"]
    with world.acting("police") as ctx:
        [outcome] = discovery.ask(ctx, [Query(person_id=mine)], PURPOSE, "other")
    assert outcome.hit
    [entry] = world.entries("discovery.ask")
    assert entry["asked_with"] == "name,born"

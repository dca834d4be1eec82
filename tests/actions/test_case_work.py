"""The start pages' cases: an investigator's own and open cases with their next
procedural deadline, a prosecutor's cases waiting for a decision, the statistics
officer's latest year; each for its roles, and of records the caller may see."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from tests.actions.conftest import World

from amanat.access.roles import PermissionDenied
from amanat.actions import case_work


def _case(number: str, *stages: tuple[str, str]) -> list[dict[str, Any]]:
    case = {
        "kind": "case",
        "ref": "case",
        "case_type": "tip",
        "jurisdiction": "KZ",
        "case_number": number,
        "status": "investigation",
        "opened_on": "2023-03-01",
    }
    events = [
        {"kind": "pipeline_event", "case_id": "@case", "stage": stage, "occurred_on": on}
        for stage, on in stages
    ]
    return [case, *events]


def test_next_deadline_is_the_soonest_running_limit() -> None:
    day = dt.date(2024, 5, 1)
    assert case_work.next_deadline([]) is None
    found = case_work.next_deadline([("investigation_opened", day), ("arrested", day)])
    assert found == case_work.Deadline(day + dt.timedelta(days=3), "charge after arrest")
    # A charge meets the arrest's limit; the investigation's still runs.
    later = day + dt.timedelta(days=2)
    found = case_work.next_deadline(
        [("investigation_opened", day), ("arrested", day), ("charged", later)]
    )
    assert found == case_work.Deadline(later + dt.timedelta(days=30), "indictment to court")
    assert case_work.next_deadline([("arrested", day), ("dismissed", later)]) is None


def test_own_and_open_cases_with_deadlines(world: World) -> None:
    arrested = world.create("police", *_case("A-1", ("arrested", "2024-01-10")))["case"]
    calm = world.create("police", *_case("B-2"))["case"]
    # Another organisation's case, marked for the group: seen, not one's own.
    other = world.create("prosecutor", *_case("P-3", ("arrested", "2024-01-01")))["case"]
    with world.acting("police") as ctx:
        found = case_work.my_cases(ctx)
    ids = [row.case.id for row in found]
    assert ids[0] == arrested and calm in ids and other not in ids
    assert found[0].deadline == case_work.Deadline(dt.date(2024, 1, 13), "charge after arrest")
    # The prosecutor's own case (it wrote it) is theirs.
    with world.acting("prosecutor") as ctx:
        assert [row.case.id for row in case_work.my_cases(ctx)] == [other]
    with world.acting("stats") as ctx, pytest.raises(PermissionDenied, match="'create'"):
        case_work.my_cases(ctx)


def test_cases_waiting_for_a_decision(world: World) -> None:
    charging = world.create("police", *_case("C-1", ("arrested", "2024-01-10")))["case"]
    charged = world.create(
        "police", *_case("C-2", ("arrested", "2024-01-10"), ("charged", "2024-01-11"))
    )["case"]
    court = world.create("police", *_case("C-3", ("prosecuted", "2024-02-01")))["case"]
    decided = world.create(
        "police", *_case("C-4", ("prosecuted", "2024-02-01"), ("convicted", "2024-06-01"))
    )["case"]
    hidden = world.create("police", *_case("C-5", ("arrested", "2024-01-10")), group=False)["case"]
    with world.acting("prosecutor") as ctx:
        found = case_work.decisions(ctx)
    assert [row.case.id for row in found.charging] == [charging]
    assert [row.case.id for row in found.court] == [court]
    assert {charged, decided, hidden}.isdisjoint(
        row.case.id for row in [*found.charging, *found.court]
    )
    # Reading another organisation's cases is recorded, for the start page.
    reads = [e for e in world.entries("read") if e["target"] == ("case", str(charging))]
    assert reads and reads[0]["purpose"] == "start page"
    with world.acting("auditor") as ctx, pytest.raises(PermissionDenied, match="'create'"):
        case_work.decisions(ctx)


def test_latest_year_with_data(world: World) -> None:
    with world.acting("stats") as ctx:
        assert case_work.latest_year(ctx) is None
    world.create("police", *_case("Y-1", ("arrested", "2022-05-01")))
    with world.acting("stats") as ctx:
        assert case_work.latest_year(ctx) == 2023  # the case opened in 2023
    world.create("police", *_case("Y-2", ("arrested", "2024-05-01")), group=False)
    with world.acting("stats") as ctx:
        assert case_work.latest_year(ctx) == 2024  # own organisation's
    with world.acting("uz-police") as ctx:
        assert case_work.latest_year(ctx) is None  # nothing it may see
    with world.acting("admin") as ctx, pytest.raises(PermissionDenied, match="'read'"):
        case_work.latest_year(ctx)

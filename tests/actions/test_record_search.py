"""Finding records other than people: the newest of a kind and a search by name or
number, only among what the caller may see, each record shown audited."""

from __future__ import annotations

import pytest
from tests.actions.conftest import World

from amanat.access.roles import PermissionDenied
from amanat.actions import record_search
from amanat.actions.errors import FieldProblem


def _cases(world: World) -> tuple[int, int]:
    shared = world.create(
        "police",
        {"kind": "case", "ref": "c", "case_type": "tip", "jurisdiction": "KZ", "title": "Farm"},
    )
    hidden = world.create(
        "police",
        {"kind": "case", "ref": "c", "case_type": "tip", "jurisdiction": "KZ", "title": "Farm 2"},
        group=False,
    )
    return shared["c"], hidden["c"]


def test_the_newest_visible_records_first_each_read_audited(world: World) -> None:
    shared, hidden = _cases(world)
    with world.acting("police") as ctx:
        assert [c.id for c in record_search.recent(ctx, "case", 5)] == [hidden, shared]
    with world.acting("prosecutor") as ctx:
        assert [c.id for c in record_search.recent(ctx, "case", 5, "start page")] == [shared]
    [read] = [e for e in world.entries("read") if e["user_id"] == world.user_id("prosecutor")]
    assert (read["target"], read["purpose"]) == (("case", str(shared)), "start page")
    with world.acting("prosecutor") as ctx, pytest.raises(FieldProblem, match="limit"):
        record_search.recent(ctx, "case", 0)


def test_the_search_finds_only_what_the_caller_sees(world: World) -> None:
    shared, _ = _cases(world)
    with world.acting("prosecutor") as ctx:
        found = record_search.search(ctx, "farm", "checking a lead")
    assert [c.id for c in found["case"]] == [shared]
    assert found["group"] == found["place"] == found["weapon"] == []
    [read] = [e for e in world.entries("read") if e["user_id"] == world.user_id("prosecutor")]
    assert read["purpose"] == "checking a lead"
    with world.acting("prosecutor") as ctx, pytest.raises(FieldProblem, match="why"):
        record_search.search(ctx, "farm", " ")
    with world.acting("prosecutor") as ctx, pytest.raises(FieldProblem, match="q"):
        record_search.search(ctx, "x" * 301, "checking")


@pytest.mark.parametrize("username", ["admin", "auditor"])
def test_roles_that_read_no_records_find_nothing(world: World, username: str) -> None:
    with world.acting(username) as ctx:
        with pytest.raises(PermissionDenied, match="'read'"):
            record_search.recent(ctx, "case", 5)
        with pytest.raises(PermissionDenied, match="'read'"):
            record_search.search(ctx, "farm", "checking")


def test_groups_vehicles_phones_and_case_numbers_by_what_they_carry(world: World) -> None:
    """A group's name in another script, a plate in the other script or without spaces,
    a VIN in lower case, a phone number as another agency writes it, a case number in
    lower case (issue 15)."""
    ids = world.create(
        "police",
        {
            "kind": "group",
            "ref": "g",
            "group_kind": "organised_crime_group",
            "name": "ОПГ «Восток»",
        },
        {"kind": "vehicle", "ref": "v", "plate": "01 КZ 123 АВС", "vin": "WMARK0VR99TR1TSUK"},
        {"kind": "phone", "ref": "t", "number": "+7 701 234 56 78"},
        {
            "kind": "case",
            "ref": "c",
            "case_type": "tip",
            "jurisdiction": "KZ",
            "case_number": "KZ-2024-0457",
        },
    )
    with world.acting("prosecutor") as ctx:
        assert [g.id for g in record_search.search(ctx, "Vostok", "a lead")["group"]] == [ids["g"]]
        assert [g.id for g in record_search.search(ctx, "восток", "a lead")["group"]] == [ids["g"]]
        for plate in ("01KZ123ABC", "01 kz 123 abc", "wmark0vr99tr1tsuk"):
            found = record_search.search(ctx, plate, "a lead")["vehicle"]
            assert [v.id for v in found] == [ids["v"]], plate
        for number in ("8 (701) 234-56-78", "+77012345678"):
            found = record_search.search(ctx, number, "a lead")["phone"]
            assert [p.id for p in found] == [ids["t"]], number
        assert record_search.search(ctx, "+7 901 234 56 78", "a lead")["phone"] == []
        found = record_search.search(ctx, "kz-2024-0457", "a lead")["case"]
        assert [c.id for c in found] == [ids["c"]]
    with world.acting("uz-police") as ctx:  # outside the sharing group: nothing
        found = record_search.search(ctx, "01KZ123ABC", "a lead")
        assert found["vehicle"] == found["group"] == []

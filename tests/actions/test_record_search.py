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

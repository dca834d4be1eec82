"""The caseload: one's own organisation's victims only, newest first, each audited."""

from __future__ import annotations

import pytest
from tests.actions.conftest import World, victim

from amanat.access.roles import PermissionDenied
from amanat.actions import caseload


def test_the_caseload_is_ones_own_victims_each_read_audited(world: World) -> None:
    first = world.create("ngo", *victim())["victim"]
    second = world.create("ngo", *victim())["victim"]
    world.create("shelter", *victim())
    with world.acting("ngo") as ctx:
        found = caseload.caseload(ctx)
    assert [v.id for v in found.victims] == [second, first]
    assert all(found.pseudonyms[v].startswith("V-KG-") for v in (first, second))
    assert found.older is None
    reads = [e for e in world.entries("read") if e["user_id"] == world.user_id("ngo")]
    assert sorted(e["target"][1] for e in reads) == sorted([str(first), str(second)])
    assert {e["purpose"] for e in reads} == {"caseload"}
    with world.acting("ngo") as ctx:
        assert [v.id for v in caseload.caseload(ctx, before=second).victims] == [first]


def test_a_role_that_reads_no_records_has_no_caseload(world: World) -> None:
    with world.acting("admin") as ctx, pytest.raises(PermissionDenied, match="'read'"):
        caseload.caseload(ctx)

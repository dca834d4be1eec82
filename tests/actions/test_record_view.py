"""A record's page and its forms through the door: one audited read of the record,
what it names as far as the caller may see it, changes only by the originator, and
a record the caller may not see answered like a missing one."""

from __future__ import annotations

import pytest
from tests.actions.conftest import World, victim

from amanat.access.roles import PermissionDenied
from amanat.access.sharing import NotFound
from amanat.actions import named, record_view
from amanat.actions.records.changes import OriginatorOnly


def _case_with_suspect(world: World, group: bool = True) -> dict[str, int]:
    return world.create(
        "police",
        {"kind": "case", "ref": "case", "case_type": "tip", "jurisdiction": "KZ"},
        {"kind": "person", "ref": "person", "names": [{"full_name": "Джуманбеков Ерлан"}]},
        {
            "kind": "case_role",
            "ref": "role",
            "case_id": "@case",
            "person_id": "@person",
            "role": "suspect",
        },
        group=group,
    )


def _reads(world: World, username: str) -> list[tuple[str, str]]:
    user = world.user_id(username)
    return [e["target"] for e in world.entries("read") if e["user_id"] == user]


def test_a_page_reads_the_record_once_and_its_links(world: World) -> None:
    ids = _case_with_suspect(world)
    with world.acting("prosecutor") as ctx:
        view = record_view.view(ctx, "case", ids["case"])
    assert view.record.id == ids["case"]
    assert [role.id for role in view.links["roles"]] == [ids["role"]]
    assert sorted(_reads(world, "prosecutor")) == [
        ("case", str(ids["case"])),
        ("case_role", str(ids["role"])),
    ]


def test_a_record_not_shared_is_missing(world: World) -> None:
    ids = _case_with_suspect(world, group=False)
    for record_id in (ids["case"], ids["case"] + 1000, 2**63):
        with world.acting("prosecutor") as ctx, pytest.raises(NotFound):
            record_view.view(ctx, "case", record_id)
    assert _reads(world, "prosecutor") == []


def test_a_victims_page_has_its_pseudonym(world: World) -> None:
    ids = world.create("ngo", *victim())
    with world.acting("ngo") as ctx:
        view = record_view.view(ctx, "victim", ids["victim"])
    assert view.pseudonyms[ids["person"]].startswith("V-KG-")


def test_names_are_given_only_for_what_the_caller_sees_and_audited(world: World) -> None:
    shared = _case_with_suspect(world)
    hidden = _case_with_suspect(world, group=False)
    wanted = {"person": [shared["person"], hidden["person"], None], "case": [hidden["case"]]}
    with world.acting("prosecutor") as ctx:
        found = named.named(ctx, wanted, "a purpose")
    assert list(found.of("person")) == [shared["person"]]
    assert found.of("case") == {}
    assert _reads(world, "prosecutor") == [("person", str(shared["person"]))]
    assert world.entries("read")[-1]["purpose"] == "a purpose"
    with world.acting("prosecutor") as ctx, pytest.raises(NotFound):
        named.named(ctx, {"user_account": [1]})


def test_protected_persons_are_named_by_pseudonym(world: World) -> None:
    ids = world.create("ngo", *victim())
    with world.acting("ngo") as ctx:
        found = named.named(ctx, {"person": [ids["person"]], "victim": [ids["victim"]]})
    assert set(found.pseudonyms) == {ids["person"]}
    assert found.pseudonyms[ids["person"]].startswith("V-KG-")


def test_only_the_originator_opens_a_record_to_change_it(world: World) -> None:
    ids = _case_with_suspect(world)
    with world.acting("police") as ctx:
        assert record_view.for_change(ctx, "case", ids["case"]).id == ids["case"]
    [entry] = [e for e in world.entries("read") if e["user_id"] == world.user_id("police")]
    assert entry["purpose"] == "edit"
    with world.acting("prosecutor") as ctx, pytest.raises(OriginatorOnly):
        record_view.for_change(ctx, "case", ids["case"])
    with world.acting("uz-police") as ctx, pytest.raises(NotFound):
        record_view.for_change(ctx, "case", ids["case"])
    with world.acting("stats") as ctx, pytest.raises(PermissionDenied, match="'update'"):
        record_view.for_change(ctx, "case", ids["case"])

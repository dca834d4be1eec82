"""The caseload: one's own organisation's victims only, found by her real name through the
blind index, filtered, sorted and paged, each victim listed an audited read."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select
from tests.actions.conftest import World, victim

from amanat.access.audit_store import AuditRecord
from amanat.access.roles import PermissionDenied
from amanat.actions import caseload
from amanat.actions.caseload import Wanted
from amanat.actions.errors import FieldProblem
from amanat.store.engine import transaction


def named(full_name: str, **fields: Any) -> list[dict[str, Any]]:
    """A victim whose sealed identity holds ``full_name``."""
    person, record = victim(**fields)
    return [{**person, "names": [{"full_name": full_name}]}, record]


def ids(found: caseload.Caseload) -> list[int]:
    return [v.id for v in found.victims]


def test_the_caseload_is_ones_own_victims_each_read_audited(world: World) -> None:
    first = world.create("ngo", *victim())["victim"]
    second = world.create("ngo", *victim())["victim"]
    world.create("shelter", *victim())
    with world.acting("ngo") as ctx:
        found = caseload.caseload(ctx)
    assert ids(found) == [second, first]
    assert all(found.pseudonyms[v].startswith("V-KG-") for v in (first, second))
    assert (found.paging.total, found.paging.pages, found.paging.next) == (2, 1, None)
    reads = [e for e in world.entries("read") if e["user_id"] == world.user_id("ngo")]
    assert sorted(e["target"][1] for e in reads) == sorted([str(first), str(second)])
    assert {e["purpose"] for e in reads} == {"caseload"}
    with world.acting("ngo") as ctx:
        assert ids(caseload.caseload(ctx, Wanted(sort="oldest"))) == [first, second]


def test_a_role_that_reads_no_records_has_no_caseload(world: World) -> None:
    with world.acting("admin") as ctx, pytest.raises(PermissionDenied, match="'read'"):
        caseload.caseload(ctx)


@pytest.mark.parametrize(
    "typed",
    ["Айгуль Сапарова", "сапарова", "SAPAROVA Aigul", "Aygul Saparova", "Sapárova", "Айгүл"],
)
def test_a_case_worker_finds_her_client_by_name_in_any_script(world: World, typed: str) -> None:
    aigul = world.create("ngo", *victim())["victim"]  # Айгуль Сапарова
    world.create("ngo", *named("Гулнора Турсунова"))
    with world.acting("ngo") as ctx:
        assert ids(caseload.caseload(ctx, Wanted(name=typed))) == [aigul]


def test_every_word_typed_must_match(world: World) -> None:
    world.create("ngo", *victim())
    with world.acting("ngo") as ctx:
        assert ids(caseload.caseload(ctx, Wanted(name="Айгуль Турсунова"))) == []


def test_another_organisations_victim_is_never_found_by_name(world: World) -> None:
    """The shelter registered a victim of the same name, and shares it with the group:
    the NGO's case worker does not find her by name (another organisation's vault)."""
    world.create("shelter", *victim())
    with world.acting("ngo") as ctx:
        assert ids(caseload.caseload(ctx, Wanted(name="Айгуль Сапарова"))) == []
    with world.acting("shelter") as ctx:
        assert len(caseload.caseload(ctx, Wanted(name="Aigul Saparova")).victims) == 1


def test_the_name_is_in_no_audit_entry(world: World) -> None:
    found = world.create("ngo", *victim())["victim"]
    with world.acting("ngo") as ctx:
        caseload.caseload(ctx, Wanted(name="Aigul Saparova"))
    reads = [e for e in world.entries("read") if e["purpose"] == caseload.NAME_SEARCH]
    assert [e["target"] for e in reads] == [("victim", str(found))]
    with transaction(world.engine) as session:
        trail = json.dumps(
            [(r.action, r.purpose, r.detail) for r in session.scalars(select(AuditRecord))],
            ensure_ascii=False,
        ).casefold()
    for word in ("aigul", "saparova", "айгуль", "сапарова", "AIGUL".casefold()):
        assert word not in trail


@pytest.mark.parametrize(
    ("who", "master", "reason"),
    [
        ("police", True, caseload.NOT_A_CASE_WORKER),  # may not see identities
        ("ngo", False, caseload.NO_KEY),
    ],
)
def test_who_may_search_by_name(world: World, who: str, master: bool, reason: str) -> None:
    world.create("ngo", *victim())
    with world.acting(who, master=master) as ctx, pytest.raises(FieldProblem) as refused:
        caseload.caseload(ctx, Wanted(name="Aigul"))
    assert refused.value.loc == ("name",) and refused.value.message == reason
    assert "Aigul" not in str(refused.value)


def test_a_name_of_no_word_is_refused(world: World) -> None:
    with world.acting("ngo") as ctx, pytest.raises(FieldProblem, match="one word"):
        caseload.caseload(ctx, Wanted(name="--- 1985"))


def test_filters_by_status_service_and_referral(world: World) -> None:
    labour = world.create("ngo", *victim(assistance=[{"kind": "legal", "status": "in_progress"}]))[
        "victim"
    ]
    presumed = world.create("ngo", *victim(trafficking_status="PossibleVictim"))["victim"]
    with world.acting("ngo") as ctx:
        assert ids(caseload.caseload(ctx, Wanted(status="PossibleVictim"))) == [presumed]
        assert ids(caseload.caseload(ctx, Wanted(service="legal"))) == [labour]
        assert ids(caseload.caseload(ctx, Wanted(service="shelter"))) == []
        assert ids(caseload.caseload(ctx, Wanted(referral="none"))) == [presumed, labour]
        assert ids(caseload.caseload(ctx, Wanted(referral="accepted"))) == []


def test_sorted_by_identification_and_paged(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    made = [
        world.create("ngo", *victim(identified_on=f"2024-0{month}-01"))["victim"]
        for month in (3, 1, 2)
    ]
    monkeypatch.setattr(caseload, "PAGE_SIZE", 2)
    with world.acting("ngo") as ctx:
        first = caseload.caseload(ctx, Wanted(sort="identified_earliest"))
        second = caseload.caseload(ctx, Wanted(sort="identified_earliest", page=2))
        past = caseload.caseload(ctx, Wanted(sort="identified_earliest", page=99))
    assert ids(first) + ids(second) == [made[1], made[2], made[0]]
    assert (first.paging.pages, first.paging.next, second.paging.previous) == (2, 2, 1)
    assert ids(past) == ids(second) and past.paging.number == 2
    with world.acting("ngo") as ctx, pytest.raises(FieldProblem, match="sort"):
        caseload.caseload(ctx, Wanted(sort="name"))

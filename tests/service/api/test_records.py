"""Create, read, list, update and delete records over the API: optimistic locking,
soft delete, cursor pagination and filters."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import Engine, select
from tests.service.api.conftest import CASE, Caller

from amanat.register import Case
from amanat.store.engine import session_factory

Api = Callable[[str], Caller]


def test_create_read_and_list_a_case(api: Api) -> None:
    investigator = api("kz-investigator")
    created = investigator.create(
        "/cases",
        {**CASE, "opened_on": "2024-03-01", "charges": [{"country": "KZ", "article": "128"}]},
    )
    assert created["version"] == 1 and created["tlp"] == "AMBER"
    assert created["charges"][0]["article"] == "128"
    read = investigator.get(f"/cases/{created['id']}")
    assert read.status_code == 200 and read.json() == created
    page = investigator.get("/cases").json()
    assert [c["id"] for c in page["items"]] == [created["id"]] and page["next_cursor"] is None


def test_cursor_pagination_and_filters(api: Api) -> None:
    investigator = api("kz-investigator")
    ids = [
        investigator.create("/cases", {**CASE, "case_type": t})["id"]
        for t in ("tip", "drugs", "tip")
    ]
    first = investigator.get("/cases", params={"limit": 2}).json()
    assert [c["id"] for c in first["items"]] == ids[:2] and first["next_cursor"]
    rest = investigator.get("/cases", params={"limit": 2, "cursor": first["next_cursor"]}).json()
    assert [c["id"] for c in rest["items"]] == ids[2:] and rest["next_cursor"] is None
    tips = investigator.get("/cases", params={"case_type": "tip"}).json()["items"]
    assert [c["id"] for c in tips] == [ids[0], ids[2]]
    bad = investigator.get("/cases", params={"cursor": "not-a-cursor"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "cursor"]
    other_list = investigator.get("/people", params={"cursor": first["next_cursor"]})
    assert other_list.status_code == 422  # a cursor belongs to its own list
    unknown = investigator.get("/cases", params={"colour": "red"})
    assert unknown.status_code == 422


def test_update_needs_the_current_version(api: Api, engine: Engine) -> None:
    investigator = api("kz-investigator")
    case = investigator.create("/cases", CASE)
    changed = investigator.patch(f"/cases/{case['id']}", json={"title": "New title", "version": 1})
    assert changed.status_code == 200, changed.text
    assert changed.json()["version"] == 2 and changed.json()["title"] == "New title"
    stale = investigator.patch(f"/cases/{case['id']}", json={"title": "Lost edit", "version": 1})
    assert stale.status_code == 409
    with session_factory(engine)() as session:
        row = session.scalars(select(Case)).one()
        assert (row.title, row.version) == ("New title", 2)


def test_child_lists_are_replaced_and_the_version_moves(api: Api) -> None:
    investigator = api("kz-investigator")
    case = investigator.create("/cases", {**CASE, "charges": [{"country": "KZ", "article": "128"}]})
    changed = investigator.patch(
        f"/cases/{case['id']}",
        json={"version": 1, "charges": [{"country": "KZ", "article": "125", "part": "3"}]},
    ).json()
    assert [c["article"] for c in changed["charges"]] == ["125"] and changed["version"] == 2


def test_soft_delete_hides_the_record_and_keeps_the_reason(api: Api, engine: Engine) -> None:
    investigator = api("kz-investigator")
    case = investigator.create("/cases", CASE)
    path = f"/cases/{case['id']}"
    assert investigator.delete(path, json={"reason": "", "version": 1}).status_code == 422
    assert investigator.delete(path, json={"reason": "duplicate", "version": 7}).status_code == 409
    assert (
        investigator.delete(path, json={"reason": "duplicate of case 12", "version": 1}).status_code
        == 204
    )
    assert investigator.get(path).status_code == 404
    assert investigator.get("/cases").json()["items"] == []
    assert investigator.patch(path, json={"title": "x", "version": 2}).status_code == 404
    with session_factory(engine)() as session:
        row = session.scalars(select(Case)).one()
        assert row.deleted_at is not None and row.deletion_reason == "duplicate of case 12"


def test_batch_submission_with_references(api: Api) -> None:
    investigator = api("kz-investigator")
    answer = investigator.post(
        "/records",
        json={
            "defaults": {"tlp": "GREEN", "reliability": "B", "credibility": "2"},
            "records": [
                {"kind": "person", "ref": "p", "names": [{"full_name": "Каримов Бахтиёр"}]},
                {"kind": "case", "ref": "c", **CASE},
                {"kind": "case_role", "case_id": "@c", "person_id": "@p", "role": "suspect"},
            ],
        },
    )
    assert answer.status_code == 201, answer.text
    ids = answer.json()["ids"]
    assert set(ids) == {"p", "c", "#2"}
    role = investigator.get(f"/case-roles/{ids['#2']}").json()
    assert role["case_id"] == ids["c"] and role["reliability"] == "B"
    links = investigator.get(f"/cases/{ids['c']}/links").json()["links"]
    assert [r["id"] for r in links["roles"]["items"]] == [ids["#2"]]
    assert links["roles"]["kind"] == "case_role"


def test_every_kind_can_be_created_read_and_listed(api: Api) -> None:
    investigator = api("kz-investigator")
    case = investigator.create("/cases", CASE)
    person = investigator.create("/people", {"names": [{"full_name": "Ivanov Ivan"}]})
    group = investigator.create("/groups", {"kind": "organised_crime_group", "name": "Northern"})
    bodies = {
        "/sources": {"title": "Court decision 2-123/2024"},
        "/places": {"kind": "city", "name": "Osh", "country": "KG"},
        "/vehicles": {"plate": "01 KZ 123 ABC", "plate_country": "KZ", "make": "Kamaz"},
        "/phones": {"number": "+7 701 555 0101", "country": "KZ"},
        "/case-roles": {"case_id": case["id"], "person_id": person["id"], "role": "suspect"},
        "/pipeline-events": {
            "case_id": case["id"],
            "stage": "arrested",
            "occurred_on": "2024-05-02",
        },
        "/victims": {
            "case_id": case["id"],
            "sex": "male",
            "exploitation": [{"form": "ForcedLabour"}],
        },
        "/seizures": {
            "seized_on": "2024-05-01",
            "country": "KZ",
            "drugs": [{"substance": "heroin", "quantity_kg": 2.5}],
        },
        "/weapons": {"weapon_type": "pistol", "serial_number": "AK-1"},
        "/storage-losses": {"reported_on": "2023-01-10", "country": "KG"},
        "/relationships": {
            "kind": "member_of",
            "from_person_id": person["id"],
            "to_group_id": group["id"],
        },
    }
    identities = {uuid.UUID(record["global_id"]) for record in (case, person, group)}
    for path, body in bodies.items():
        created = investigator.create(path, body)
        # Each its own identity across the federation; the id stays the register's.
        identities.add(uuid.UUID(created["global_id"]))
        assert isinstance(created["id"], int)
        assert investigator.get(f"{path}/{created['id']}").json()["id"] == created["id"]
        assert created["id"] in [r["id"] for r in investigator.get(path).json()["items"]]
        assert investigator.get(f"{path}/{created['id']}/links").status_code == 200

    assert len(identities) == 3 + len(bodies)
    assert {identity.version for identity in identities} == {4}

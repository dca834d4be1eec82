"""Links of a record: each linked record filtered by its own marking."""

from __future__ import annotations

from collections.abc import Callable

from tests.service.api.conftest import CASE, Caller

Api = Callable[[str], Caller]
OPEN = {"tlp": "GREEN", "distribution": "community"}


def test_a_visible_case_does_not_reveal_linked_records_that_are_not(api: Api) -> None:
    police, ngo = api("kz-investigator"), api("ngo-case_worker")
    case = police.create("/cases", {**CASE, **OPEN})
    suspect = police.create("/people", {**OPEN, "names": [{"full_name": "Asanov Bakyt"}]})
    role = police.create(
        "/case-roles",
        {**OPEN, "case_id": case["id"], "person_id": suspect["id"], "role": "suspect"},
    )
    hidden_event = police.create(
        "/pipeline-events",
        {"case_id": case["id"], "stage": "arrested", "occurred_on": "2024-05-02"},
    )
    ngo_victim = ngo.create("/victims", {"case_id": case["id"], "sex": "female"})
    seizure = police.create(
        "/seizures", {**OPEN, "case_id": case["id"], "seized_on": "2024-05-01", "country": "KZ"}
    )
    police.create(
        "/weapons",
        {**OPEN, "weapon_type": "pistol", "serial_number": "PM-1", "seizure_id": seizure["id"]},
    )

    seen_by_police = police.get(f"/cases/{case['id']}/links").json()["links"]
    assert [r["id"] for r in seen_by_police["events"]["items"]] == [hidden_event["id"]]
    assert seen_by_police["victims"]["items"] == []  # the NGO's victim is the NGO's
    seen_by_ngo = ngo.get(f"/cases/{case['id']}/links").json()["links"]
    assert seen_by_ngo["events"]["items"] == []  # the police's own event
    assert [r["id"] for r in seen_by_ngo["victims"]["items"]] == [ngo_victim["id"]]
    assert [r["id"] for r in seen_by_ngo["roles"]["items"]] == [role["id"]]
    assert seen_by_ngo["roles"]["kind"] == "case_role"

    person_links = ngo.get(f"/people/{suspect['id']}/links").json()["links"]
    assert [r["id"] for r in person_links["roles"]["items"]] == [role["id"]]
    weapons = ngo.get(f"/seizures/{seizure['id']}/links").json()["links"]["weapons"]["items"]
    assert [w["serial_number"] for w in weapons] == ["PM-1"]


def test_a_weapon_is_traced_by_its_serial_number(api: Api) -> None:
    police, ngo = api("kz-investigator"), api("ngo-investigator")
    loss = ngo.create("/storage-losses", {**OPEN, "reported_on": "2023-01-10", "country": "KG"})
    lost = ngo.create(
        "/weapons",
        {
            **OPEN,
            "weapon_type": "assault_rifle",
            "serial_number": "AK 471123",
            "storage_loss_id": loss["id"],
        },
    )
    seized = police.create(
        "/weapons", {**OPEN, "weapon_type": "assault_rifle", "serial_number": "AK 471123"}
    )
    links = police.get(f"/weapons/{seized['id']}/links").json()["links"]
    assert [w["id"] for w in links["same_serial_number"]["items"]] == [lost["id"]]
    back = ngo.get(f"/weapons/{lost['id']}/links").json()["links"]
    assert [s["id"] for s in back["storage_loss"]["items"]] == [loss["id"]]

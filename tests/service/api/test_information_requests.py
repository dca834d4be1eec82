"""Requests for information through the API: the NGO's case worker, after a hit on
the trafficker her client names, asks the police for what they hold; the police answer
in part, and she sees exactly the part released."""

from __future__ import annotations

from collections.abc import Callable

from tests.service.api.conftest import CASE, Caller

from amanat.access.vault import MasterKey

Api = Callable[[str], Caller]
ASK = {"purpose": "the recruiter my client names", "basis": "other"}
NAME = "Каримов Бахтиёр"


def _suspect(police: Caller) -> int:
    case = police.create("/cases", CASE)
    person = police.create(
        "/people",
        {
            "names": [{"full_name": NAME}],
            "birth_year": 1979,
            "phones": [{"number": "+77011234567"}],
        },
    )
    police.create(
        "/case-roles", {"case_id": case["id"], "person_id": person["id"], "role": "suspect"}
    )
    return int(person["id"])


def test_a_partial_release_reaches_the_asker_and_nothing_more(
    api: Api, master_key: MasterKey
) -> None:
    police, ngo = api("kz-investigator"), api("ngo-analyst")
    person = _suspect(police)
    query = {"names": ["Bakhtiyor Karimov"], "born": "1979"}
    [hit] = ngo.post("/discovery/ask", json={"queries": [query], **ASK}).json()
    reference = hit["answers"][0]["reference"]

    filed = ngo.post(
        "/discovery/requests",
        json={**ASK, "reference": reference, "urgency": "urgent", "handling": "H2"},
    )
    assert filed.status_code == 201, filed.text
    request = filed.json()
    assert (request["status"], request["holder"], request["released"]) == ("pending", "KZ-POL", [])
    assert NAME not in filed.text and str(person) not in str(request["hit_persons"])

    inbox = police.get("/discovery/requests").json()
    [waiting] = inbox["to_decide"]
    assert (waiting["asker_org"], waiting["overdue"]) == ("KG-NGO", False)
    seen = police.get(f"/discovery/requests/{request['id']}").json()
    assert seen["hit_persons"] == [person] and "phones" in seen["offered_sections"]

    # Another organisation's request, or the asker deciding it: as if it did not exist.
    assert api("kz-prosecutor").get("/discovery/requests/987654").status_code == 404
    decided_by_asker = ngo.post(
        f"/discovery/requests/{request['id']}/decision", json={"decision": "approve"}
    )
    assert decided_by_asker.status_code == 404
    bad = police.post(
        f"/discovery/requests/{request['id']}/decision",
        json={"decision": "partial", "sections": ["shoe size"]},
    )
    assert bad.status_code == 422 and "sections" in bad.text
    answered = police.post(
        f"/discovery/requests/{request['id']}/decision",
        json={"decision": "partial", "sections": ["names"], "note": "names only for now"},
    )
    assert answered.status_code == 200, answered.text

    released = ngo.get(f"/discovery/requests/{request['id']}")
    assert released.status_code == 200
    body = released.json()
    assert body["status"] == "partial" and body["handling"] == "H2"
    assert body["released"] == [{"person_id": person, "sections": {"names": [NAME]}}]
    assert "+77011234567" not in released.text
    # Only the sections: the record itself stays the police's.
    assert ngo.get(f"/people/{person}").status_code == 404
    made = ngo.get("/discovery/requests", params={"status": "partial"}).json()["made"]
    assert [m["id"] for m in made] == [request["id"]]


def test_a_reference_of_someone_else_is_not_found(api: Api, master_key: MasterKey) -> None:
    police = api("kz-investigator")
    _suspect(police)
    ngo = api("ngo-investigator")
    [hit] = ngo.post(
        "/discovery/ask",
        json={"queries": [{"names": ["Bakhtiyor Karimov"], "born": "1979"}], **ASK},
    ).json()
    other = api("ngo-analyst")  # the same organisation may follow up its own hit
    assert (
        other.post(
            "/discovery/requests", json={**ASK, "reference": hit["answers"][0]["reference"]}
        ).status_code
        == 201
    )
    stranger = api("kz-prosecutor")
    found = stranger.post(
        "/discovery/requests", json={**ASK, "reference": hit["answers"][0]["reference"]}
    )
    assert found.status_code == 404
    # From one's own record: the query is the record's names and date of birth.
    own = ngo.create("/people", {"names": [{"full_name": "Bakhtiyor Karimov"}], "birth_year": 1979})
    by_record = ngo.post("/discovery/ask", json={"queries": [{"person_id": own["id"]}], **ASK})
    assert by_record.status_code == 200 and by_record.json()[0]["answer"] == "hit"
    unseen = api("kz-prosecutor").post(
        "/discovery/ask", json={"queries": [{"person_id": own["id"]}], **ASK}
    )
    assert unseen.status_code == 404  # a record one cannot see is not asked about
    # Those who neither ask nor answer see no request, nor what one released.
    for role in ("statistics_officer", "auditor", "administrator"):
        assert api(f"ngo-{role}").get("/discovery/requests").status_code == 403


def test_an_ngo_learns_hit_only_and_is_asked_back(api: Api, master_key: MasterKey) -> None:
    police, worker = api("kz-investigator"), api("ngo-case_worker")
    _suspect(police)
    query = {"names": ["Bakhtiyor Karimov"], "born": "1979"}
    [outcome] = worker.post("/discovery/ask", json={"queries": [query], **ASK}).json()
    assert outcome["answer"] == "hit"
    [answer] = outcome["answers"]
    assert answer == {"band": "hit", "reference": "", "holder": None, "holder_name": None,
                      "country": None, "brokered": True}  # fmt: skip
    [received] = police.get("/discovery/received").json()
    assert (received["asker_org"], received["brokered"]) == ("KG-NGO", True)
    back = police.post(
        "/discovery/requests/back",
        json={**ASK, "reference": received["reference"], "urgency": "urgent"},
    )
    assert back.status_code == 201, back.text
    request = back.json()
    assert (request["holder"], request["hit_persons"]) == ("KG-NGO", [])
    # The NGO answers in its own words; nothing of the police's record reaches it.
    seen = worker.get(f"/discovery/requests/{request['id']}").json()
    assert seen["hit_persons"] == [] and seen["offered_sections"] == []
    wordless = worker.post(
        f"/discovery/requests/{request['id']}/decision", json={"decision": "approve"}
    )
    assert wordless.status_code == 422 and "note" in wordless.text
    told = worker.post(
        f"/discovery/requests/{request['id']}/decision",
        json={"decision": "approve", "note": "He drove her to the border in May."},
    )
    assert told.status_code == 200, told.text
    answered = police.get(f"/discovery/requests/{request['id']}").json()
    assert (answered["status"], answered["decision_note"]) == (
        "approved",
        "He drove her to the border in May.",
    )
    # Only the record's holder asks back, and only an NGO's hit.
    again = api("ngo-investigator").post(
        "/discovery/requests/back", json={**ASK, "reference": received["reference"]}
    )
    assert again.status_code == 404

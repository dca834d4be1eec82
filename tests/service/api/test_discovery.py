"""Hit/no-hit discovery through the API: an NGO's case worker asks whether the police
hold the trafficker her client names, and learns only the hit."""

from __future__ import annotations

from collections.abc import Callable

from tests.service.api.conftest import CASE, Caller

from amanat.access.vault import MasterKey

Api = Callable[[str], Caller]
ASK = {"purpose": "the recruiter my client names", "basis": "other"}


def test_a_case_worker_learns_only_the_hit(api: Api, master_key: MasterKey) -> None:
    police = api("kz-investigator")
    case = police.create("/cases", CASE)
    person = police.create(
        "/people", {"names": [{"full_name": "Каримов Бахтиёр"}], "birth_year": 1979}
    )
    police.create(
        "/case-roles", {"case_id": case["id"], "person_id": person["id"], "role": "suspect"}
    )
    ngo = api("ngo-case_worker")
    assert ngo.get(f"/people/{person['id']}").status_code == 404
    query = {"names": ["Bakhtiyor Karimov"], "born": "1979"}
    answer = ngo.post(
        "/discovery/ask", json={"queries": [query, {"names": ["Olga Ivanova"]}], **ASK}
    )
    assert answer.status_code == 200, answer.text
    hit, miss = answer.json()
    assert (hit["answer"], miss["answer"]) == ("hit", "no hit")
    # An NGO's case worker learns hit or no hit only: no holder, band or reference.
    assert hit["answers"] == [{"band": "hit", "reference": "", "holder": None,
                               "holder_name": None, "country": None, "brokered": True}]  # fmt: skip
    assert "Каримов" not in answer.text and str(person["id"]) not in hit["answers"][0].values()

    hidden = police.put(f"/people/{person['id']}/discoverable", json={"setting": "none"})
    assert hidden.json() == {"person_id": person["id"], "in_force": "none"}
    again = ngo.post("/discovery/ask", json={"queries": [query], **ASK}).json()
    assert again[0]["answer"] == "no hit"
    received = police.get("/discovery/received").json()
    assert [r["purpose"] for r in received] == [ASK["purpose"]]
    assert (
        api("ngo-case_worker")
        .put(f"/people/{person['id']}/discoverable", json={"setting": "organisation"})
        .status_code
        == 404
    )
    refused = api("kz-statistics_officer").post("/discovery/ask", json={"queries": [query], **ASK})
    assert refused.status_code == 403

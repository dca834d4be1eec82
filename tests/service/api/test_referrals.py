"""Referrals and the directory through the API: an administrator lists her
organisation's offers; a referral names only a provider of the service, under her
consent; the receiver answers; the sender sees and notes the answer; refusals name
the field and the value, and another organisation's offer is not found."""

from __future__ import annotations

from collections.abc import Callable

from tests.service.api.conftest import Caller

from amanat.access.audit_store import AuditRecord

Api = Callable[[str], Caller]
CONSENT = {"purpose": "assistance", "given_on": "2024-04-02"}


def _offer(api: Api) -> int:
    admin = api("ngo-administrator")
    nowhere = admin.post("/service-offers", json={"service": "shelter"})
    assert nowhere.status_code == 422 and nowhere.json()["detail"][0]["loc"] == ["body", "country"]
    made = admin.post("/service-offers", json={"service": "shelter", "country": "KG"})
    assert made.status_code == 201, made.text
    assert (made.json()["service"], made.json()["country"]) == ("shelter", "KG")
    return int(made.json()["id"])


def _ngo_id(api: Api) -> int:
    [provider] = (
        api("kz-case_worker").get("/service-providers", params={"service": "shelter"}).json()
    )
    return int(provider["org_id"])


def _victim(api: Api, consents: list[dict[str, str]]) -> int:
    body = {"sex": "female", "consents": consents, "tlp": "AMBER", "distribution": "owner"}
    return int(api("kz-case_worker").create("/victims", body)["id"])


def test_the_directory_is_kept_by_each_organisations_administrators(api: Api) -> None:
    offer_id = _offer(api)
    found = api("kz-investigator").get("/service-providers", params={"service": "shelter"})
    assert [(p["code"], [o["id"] for o in p["offers"]]) for p in found.json()] == [
        ("KG-NGO", [offer_id])
    ]
    assert api("kz-investigator").get("/service-providers?service=legal").json() == []
    bad = api("kz-investigator").get("/service-providers", params={"service": "spa"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["input"] == "spa"
    assert api("kz-administrator").delete(f"/service-offers/{offer_id}").status_code == 404
    assert (
        api("ngo-case_worker").post("/service-offers", json={"service": "legal"}).status_code == 403
    )
    assert api("ngo-administrator").delete(f"/service-offers/{offer_id}").status_code == 204
    assert api("kz-investigator").get("/service-providers").json() == []


def test_a_referral_goes_only_to_a_provider_of_the_service(
    api: Api, audit: Callable[[], list[AuditRecord]]
) -> None:
    _offer(api)
    ngo = _ngo_id(api)
    victim_id = _victim(api, [CONSENT])
    worker = api("kz-case_worker")
    for body in (
        {"service": "legal", "provider_org_id": ngo},
        {"service": "shelter", "provider_org_id": 999},
    ):
        refused = worker.post(f"/victims/{victim_id}/referrals", json=body)
        assert refused.status_code == 422
        [problem] = refused.json()["detail"]
        assert (problem["loc"], problem["input"]) == (
            ["body", "provider_org_id"],
            str(body["provider_org_id"]),
        )
    assert [e for e in audit() if e.action == "referral"] == []
    made = worker.post(
        f"/victims/{victim_id}/referrals", json={"service": "shelter", "provider_org_id": ngo}
    )
    assert made.status_code == 201, made.text
    assert [s["status"] for s in made.json()["events"]] == ["referred"]


def test_without_her_consent_she_is_not_referred_until_she_gives_it(api: Api) -> None:
    _offer(api)
    ngo = _ngo_id(api)
    victim_id = _victim(api, [])
    worker = api("kz-case_worker")
    body = {"service": "shelter", "provider_org_id": ngo}
    refused = worker.post(f"/victims/{victim_id}/referrals", json=body)
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["body", "consent"]
    given = {**body, "consent": {"given_on": "2024-04-05", "identity": False}}
    assert worker.post(f"/victims/{victim_id}/referrals", json=given).status_code == 201
    consents = worker.get(f"/victims/{victim_id}").json()["consents"]
    assert [(c["granted_to_org_id"], c["identity"]) for c in consents] == [(ngo, False)]


def test_the_receiver_answers_and_the_sender_notes_it(api: Api) -> None:
    _offer(api)
    ngo = _ngo_id(api)
    victim_id = _victim(api, [CONSENT])
    worker = api("kz-case_worker")
    made = worker.post(
        f"/victims/{victim_id}/referrals", json={"service": "shelter", "provider_org_id": ngo}
    )
    referral_id = made.json()["id"]
    [received] = api("ngo-case_worker").get("/referrals").json()["received"]
    assert received["pseudonym"] == f"V#{victim_id}"  # opened by the referral
    assert api("ngo-case_worker").get(f"/victims/{victim_id}").status_code == 200
    answer = {"status": "accepted", "seen": "referred"}
    assert (
        api("ngo-statistics_officer")
        .post(f"/referrals/{referral_id}/status", json=answer)
        .status_code
        == 403
    )
    assert worker.post(f"/referrals/{referral_id}/status", json=answer).status_code == 404
    assert (
        api("ngo-case_worker").post(f"/referrals/{referral_id}/status", json=answer).status_code
        == 200
    )
    stale = api("ngo-case_worker").post(f"/referrals/{referral_id}/status", json=answer)
    assert stale.status_code == 409
    [mine] = worker.get("/referrals").json()["made"]
    assert (mine["referral"]["status"], mine["referral"]["answer_noted"]) == ("accepted", False)
    noted = worker.post(f"/referrals/{referral_id}/noted")
    assert noted.status_code == 200 and noted.json()["answer_noted"] is True
    declined = api("ngo-case_worker").post(
        f"/referrals/{referral_id}/status",
        json={"status": "declined_by_victim", "seen": "accepted"},
    )
    assert declined.status_code == 422 and declined.json()["detail"][0]["loc"] == ["body", "reason"]


def test_the_referral_lists_are_filtered_and_paged(api: Api) -> None:
    _offer(api)
    ngo = _ngo_id(api)
    worker = api("kz-case_worker")
    victim_id = _victim(api, [CONSENT])
    body = {"service": "shelter", "provider_org_id": ngo}
    made = [
        worker.post(f"/victims/{victim_id}/referrals", json=body).json()["id"] for _ in range(3)
    ]
    found = worker.get("/referrals", params={"sort": "referred_earliest"}).json()
    assert [m["referral"]["id"] for m in found["made"]] == sorted(made)
    assert found["made_page"] == {"number": 1, "size": 50, "total": 3, "pages": 1}
    assert found["received_page"]["total"] == 0
    answer = {"status": "accepted", "seen": "referred"}
    ngo_worker = api("ngo-case_worker")
    assert ngo_worker.post(f"/referrals/{made[0]}/status", json=answer).status_code == 200
    waiting = ngo_worker.get("/referrals", params={"waiting": "true"}).json()
    assert sorted(r["referral"]["id"] for r in waiting["received"]) == sorted(made[1:])
    accepted = worker.get("/referrals", params={"status": "accepted"}).json()["made"]
    assert [r["referral"]["id"] for r in accepted] == [made[0]]
    # a page past the end shows the last page, as in the web app
    far = worker.get("/referrals", params={"made_page": 7}).json()["made_page"]
    assert far["number"] == 1
    for field, value in [("status", "lost"), ("sort", "name"), ("made_page", "0")]:
        bad = worker.get("/referrals", params={field: value})
        assert bad.status_code == 422, (field, bad.text)
        assert bad.json()["detail"][0]["loc"] == ["query", field]
        assert bad.json()["detail"][0]["input"] == value

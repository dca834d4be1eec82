"""Resolution through the API: the review queue, judgements, undo, split, a person's
entity, and person search ranked by the linkage model."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from tests.resolve.conftest import add_person
from tests.service.api.conftest import Caller
from tests.service.linked_people import build_linked

from amanat.access import accounts
from amanat.access.accounts import organisation_by_code
from amanat.access.audit_store import AuditRecord
from amanat.resolve.run import RunOptions, resolve
from amanat.store.engine import transaction

Api = Callable[[str], Caller]
SEARCH = {"purpose": "screening a referral"}


@pytest.fixture
def people(engine: Engine, org_users: object) -> dict[str, list[int]]:
    return build_linked(engine, "KZ-POL", "KG-NGO")


def queue(caller: Caller) -> list[dict[str, Any]]:
    answer = caller.get("/resolution/review")
    assert answer.status_code == 200, answer.text
    found: list[dict[str, Any]] = answer.json()
    return found


def test_the_queue_shows_pairs_the_analyst_sees_in_full(
    api: Api, people: dict[str, list[int]]
) -> None:
    pairs = queue(api("kz-analyst"))
    assert [(p["left"]["person_id"], p["right"]["person_id"]) for p in pairs] == [
        tuple(people["askar"])
    ]  # Dinara's second record is its owner's only
    pair = pairs[0]
    assert 0.2 <= pair["match_probability"] < 0.8 and pair["model_version"]
    fields = {e["field"]: e for e in pair["evidence"]}
    assert fields["name"]["score"] > 0.9 and fields["name"]["reasons"]
    assert fields["birth date"]["score"] < 1
    assert pair["left"]["name"] == "Нурланов Аскар" and pair["right"]["citizenships"] == ["KZ"]
    owner = queue(api("ngo-analyst"))
    assert {p["left"]["person_id"] for p in owner} == {people["askar"][0], people["dinara"][0]}
    hidden = owner[[p["left"]["person_id"] for p in owner].index(people["dinara"][0])]["id"]
    assert api("kz-analyst").get(f"/resolution/review/{hidden}").status_code == 404
    assert api("ngo-analyst").get(f"/resolution/review/{hidden}").status_code == 200


def test_judging_removes_the_pair_and_links_the_records_and_undo_restores(
    api: Api, people: dict[str, list[int]], audit: Callable[[], list[AuditRecord]]
) -> None:
    analyst = api("kz-analyst")
    left, right = people["askar"]
    pair_id = queue(analyst)[0]["id"]
    made = analyst.post(
        "/resolution/judgements", json={"left_id": right, "right_id": left, "verdict": "same"}
    )
    assert made.status_code == 201, made.text
    assert (made.json()["left_id"], made.json()["verdict"]) == (left, "same")
    assert queue(analyst) == []
    assert analyst.get(f"/resolution/review/{pair_id}").status_code == 404
    entity = analyst.get(f"/people/{right}/entity").json()
    assert entity["entity_id"] == left
    assert [m["person_id"] for m in entity["also_recorded_as"]] == [left]
    assert [j["id"] for j in analyst.get("/resolution/judgements").json()] == [made.json()["id"]]
    undone = analyst.post(f"/resolution/judgements/{made.json()['id']}/undo")
    assert undone.status_code == 200 and undone.json()["undone_at"]
    assert analyst.get(f"/people/{right}/entity").json()["also_recorded_as"] == []
    assert [p["id"] for p in queue(analyst)] == [pair_id]
    assert analyst.post(f"/resolution/judgements/{made.json()['id']}/undo").status_code == 404
    assert {"judge", "undo_judgement"} <= {e.action for e in audit()}


def test_split_takes_a_record_out_of_its_entity(api: Api, people: dict[str, list[int]]) -> None:
    first, second, third = people["erlan"]
    analyst = api("ngo-analyst")
    before = analyst.get(f"/people/{first}/entity").json()
    assert [m["person_id"] for m in before["also_recorded_as"]] == [second, third]
    split = analyst.post(f"/people/{third}/split")
    assert split.status_code == 200, split.text
    assert {j["verdict"] for j in split.json()} == {"different"}
    after = analyst.get(f"/people/{first}/entity").json()
    assert [m["person_id"] for m in after["also_recorded_as"]] == [second]
    again = analyst.post(f"/people/{third}/split")
    assert again.status_code == 422 and again.json()["detail"][0]["loc"] == ["path", "record_id"]


def test_only_analysts_judge_and_protected_persons_are_absent(
    api: Api, people: dict[str, list[int]]
) -> None:
    left, right = people["askar"]
    body = {"left_id": left, "right_id": right, "verdict": "different"}
    investigator = api("kz-investigator")
    assert investigator.get("/resolution/review").status_code == 403
    denied = investigator.post("/resolution/judgements", json=body)
    assert denied.status_code == 403 and "resolve" in denied.json()["detail"]
    assert investigator.post(f"/people/{left}/split").status_code == 403
    assert api("kz-auditor").get(f"/people/{left}/entity").status_code == 403
    # the investigator reads entities; a protected person is never in one
    erlan = people["erlan"][0]
    seen = investigator.get(f"/people/{erlan}/entity").json()["also_recorded_as"]
    assert people["protected"][0] not in [m["person_id"] for m in seen]
    analyst = api("ngo-analyst")
    protected = {**body, "right_id": people["protected"][0]}
    assert analyst.post("/resolution/judgements", json=protected).status_code == 404
    assert analyst.post(f"/people/{people['protected'][0]}/split").status_code == 404
    assert (
        api("kz-analyst")
        .post("/resolution/judgements", json={**body, "right_id": people["dinara"][1]})
        .status_code
        == 404
    )


def test_bad_judgements_name_the_field(api: Api, people: dict[str, list[int]]) -> None:
    left, right = people["askar"]
    analyst = api("kz-analyst")
    maybe = analyst.post(
        "/resolution/judgements", json={"left_id": left, "right_id": right, "verdict": "maybe"}
    )
    assert maybe.status_code == 422 and maybe.json()["detail"][0]["loc"] == ["body", "verdict"]
    itself = analyst.post(
        "/resolution/judgements", json={"left_id": left, "right_id": left, "verdict": "same"}
    )
    assert itself.status_code == 422 and itself.json()["detail"][0]["loc"] == ["body", "right_id"]
    assert analyst.get("/resolution/review", params={"limit": 0}).status_code == 422


@pytest.mark.parametrize("trained", [False, True], ids=["name layer", "model"])
def test_search_ranks_the_exact_transliteration_first(
    engine: Engine, api: Api, trained: bool
) -> None:
    with transaction(engine) as session:
        org = organisation_by_code(session, "KZ-POL").id
        spelled = {
            name: add_person(session, org, name, (1985, 3, 14))
            for name in ("Jumanbekov Erlan", "Джуманбеков Ерлан", "Dzhumanbekov Erlan")
        }
        add_person(session, org, "Джуманов Ерлан", (1985, 3, 14))  # another family
    if trained:
        resolve(engine, RunOptions())  # stores the register's model
    for query, first in (
        ("Dzhumanbekov Erlan", "Dzhumanbekov Erlan"),
        ("Jumanbekov Erlan", "Jumanbekov Erlan"),
        ("Джуманбеков Ерлан", "Джуманбеков Ерлан"),
    ):
        hits = api("ngo-analyst").get("/people/search", params={"q": query, **SEARCH}).json()
        assert hits[0]["person_id"] == spelled[first], query
        assert {h["person_id"] for h in hits} == set(spelled.values())
        assert (hits[0]["model_version"] is not None) is trained
        if trained:
            assert hits[0]["match_probability"] >= hits[-1]["match_probability"] > 0


@pytest.mark.parametrize("trained", [False, True], ids=["name layer", "model"])
def test_a_date_of_birth_puts_the_namesake_it_fits_first(
    engine: Engine, api: Api, trained: bool
) -> None:
    """Two men of one name; the date of birth given decides which comes first, with the
    model (as evidence in the probability) and without (the one it rules out last)."""
    with transaction(engine) as session:
        org = organisation_by_code(session, "KZ-POL").id
        older = add_person(session, org, "Jumanbekov Erlan", (1962, 8, 2))
        younger = add_person(session, org, "Джуманбеков Ерлан", (1985, 3, 14))
    if trained:
        resolve(engine, RunOptions())
    search = api("ngo-analyst")
    for born, first in (("14.03.1985", younger), ("1962", older), ("1962-08-02", older)):
        hits = search.get(
            "/people/search", params={"q": "Jumanbekov Erlan", "born": born, **SEARCH}
        )
        assert hits.status_code == 200, hits.text
        assert hits.json()[0]["person_id"] == first, born
        assert {h["birth_date"] for h in hits.json()} == {"1962-08-02", "1985-03-14"}
    for bad in ("31.02.1985", "01.01.1900", "soon", "2999"):
        answer = search.get(
            "/people/search", params={"q": "Jumanbekov Erlan", "born": bad, **SEARCH}
        )
        assert answer.status_code == 422, bad
        assert answer.json()["detail"][0]["loc"] == ["query", "born"]


def test_a_split_whose_links_lead_only_to_hidden_records_is_audited(
    engine: Engine,
    api: Api,
    people: dict[str, list[int]],
    audit: Callable[[], list[AuditRecord]],
) -> None:
    """The NGO's analyst ties Dinara's record to the NGO's own; the police analyst, who
    cannot see that one, splits it: the tie is undone and the split is in the trail
    (it was not: only "different" judgements were, and here none is made)."""
    mine, theirs = people["dinara"]
    tied = api("ngo-analyst").post(
        "/resolution/judgements", json={"left_id": mine, "right_id": theirs, "verdict": "same"}
    )
    assert tied.status_code == 201, tied.text
    split = api("kz-analyst").post(f"/people/{mine}/split")
    assert split.status_code == 200 and split.json() == []
    assert api("ngo-analyst").get(f"/people/{theirs}/entity").json()["also_recorded_as"] == []
    entries = [e for e in audit() if e.actor_user_id is not None and e.target_id == str(mine)]
    assert [e.action for e in entries][-1] == "split"


def test_a_read_only_token_reads_the_queue_but_never_judges(
    engine: Engine, client: TestClient, org_users: object, people: dict[str, list[int]]
) -> None:
    with transaction(engine) as session:
        _, token = accounts.create_token(session, "kz-analyst", "reader", read_only=True)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/resolution/review", headers=headers).status_code == 200
    left, right = people["askar"]
    denied = client.post(
        "/api/v1/resolution/judgements",
        json={"left_id": left, "right_id": right, "verdict": "same"},
        headers=headers,
    )
    assert denied.status_code == 403 and "read-only" in denied.json()["detail"]

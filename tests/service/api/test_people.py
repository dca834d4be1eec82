"""People: search across scripts with a stated purpose, and protected persons whose
names never appear in any response to those the vault does not allow."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.service.api.conftest import CASE, Caller

from amanat.access.audit_store import AuditRecord
from amanat.access.vault import MasterKey

Api = Callable[[str], Caller]
OPEN = {"tlp": "GREEN", "distribution": "community"}
VICTIM = "Турсунова Гулнора Алишеровна"
SECRETS = ("Турсунова", "Tursunova", "Гулнора", "Gulnora", "FA7654321", "700 123 456")


def person(name: str, **extra: Any) -> dict[str, Any]:
    return {**OPEN, "names": [{"full_name": name}], **extra}


@pytest.mark.parametrize(
    ("written", "query"),
    [
        ("Jumanbekov Erlan", "Джуманбеков"),
        ("Джуманбеков Ерлан", "Jumanbekov"),
        ("Zhumanbekov Erlan", "Джуманбеков Ерлан"),
        ("O'rinboyev Sherzod", "Уринбаев"),
    ],
)
def test_a_name_is_found_in_the_other_script(api: Api, written: str, query: str) -> None:
    target = api("kz-investigator").create("/people", person(written))
    api("kz-investigator").create("/people", person("Petrov Sergei"))
    hits = api("ngo-analyst").get(
        "/people/search", params={"q": query, "purpose": "screening a referral"}
    )
    assert hits.status_code == 200, hits.text
    assert [h["person_id"] for h in hits.json()] == [target["id"]]
    assert hits.json()[0]["display_name"] == written and hits.json()[0]["reasons"]


def test_a_name_written_after_a_search_is_found_at_once(api: Api) -> None:
    """Searches remember how common each word is; a word no name held is not
    remembered, so the person written next is found by the very next search."""
    investigator = api("kz-investigator")
    search = {"q": "Qyzylqumov Zafarbek", "purpose": "screening"}
    assert investigator.get("/people/search", params=search).json() == []
    created = investigator.create("/people", person("Кызылкумов Зафарбек"))
    hits = investigator.get("/people/search", params=search).json()
    assert [hit["person_id"] for hit in hits] == [created["id"]]


def test_a_longer_query_finds_records_missing_one_word(api: Api) -> None:
    """All the words of the query, or all but one (a record without the patronymic),
    in any order and script; two words of four are not enough."""
    investigator = api("kz-investigator")
    full = investigator.create("/people", person("Олимов Баходир Жасурович"))["id"]
    short = investigator.create("/people", person("Bahodir Olimov"))["id"]
    other = investigator.create("/people", person("Olimov Jasur"))["id"]
    longer = investigator.create("/people", person("Olimov Bahodir Jasurovich Termiziy"))["id"]

    def found(query: str) -> set[int]:
        hits = investigator.get("/people/search", params={"q": query, "purpose": "x"})
        assert hits.status_code == 200, hits.text
        return {hit["person_id"] for hit in hits.json()}

    assert found("Olimov Bahodir Jasurovich") == {full, short, longer}
    assert found("Олимов Баходир") == {full, short, longer}
    assert found("Olimov Bahodir Jasurovich Termiziy") == {full, longer}
    assert other not in found("Olimov Bahodir Jasurovich")


def test_search_needs_a_purpose_and_is_audited(
    api: Api, audit: Callable[[], list[AuditRecord]]
) -> None:
    target = api("kz-investigator").create("/people", person("Jumanbekov Erlan"))
    analyst = api("ngo-analyst")
    missing = analyst.get("/people/search", params={"q": "Jumanbekov"})
    assert missing.status_code == 422 and missing.json()["detail"][0]["loc"] == ["query", "purpose"]
    blank = analyst.get("/people/search", params={"q": "Jumanbekov", "purpose": "  "})
    assert blank.status_code == 422
    analyst.get("/people/search", params={"q": "Джуманбеков", "purpose": "case 7 screening"})
    entries = [(e.action, e.purpose, e.target_id) for e in audit() if e.action.startswith("search")]
    assert entries == [
        ("search", "case 7 screening", None),
        ("search_hit", "case 7 screening", str(target["id"])),
    ]
    assert not any("Джуманбеков" in (e.detail + (e.purpose or "")) for e in audit())


def test_search_finds_only_visible_people(api: Api) -> None:
    api("kz-investigator").create("/people", {"names": [{"full_name": "Jumanbekov Erlan"}]})
    hits = api("ngo-analyst").get("/people/search", params={"q": "Jumanbekov", "purpose": "x"})
    assert hits.json() == []
    # A role that reads no records may not search at all.
    denied = api("kz-administrator").get(
        "/people/search", params={"q": "Jumanbekov", "purpose": "x"}
    )
    assert denied.status_code == 403


def test_a_deleted_person_is_not_found(api: Api) -> None:
    investigator = api("kz-investigator")
    target = investigator.create("/people", person("Jumanbekov Erlan"))
    investigator.delete(f"/people/{target['id']}", json={"reason": "entered twice", "version": 1})
    assert (
        investigator.get("/people/search", params={"q": "Jumanbekov", "purpose": "x"}).json() == []
    )


def test_renamed_people_are_found_by_their_new_name(api: Api) -> None:
    investigator = api("kz-investigator")
    target = investigator.create("/people", person("Petrov Sergei"))
    investigator.patch(
        f"/people/{target['id']}", json={"version": 1, "names": [{"full_name": "Каримов Бахтиёр"}]}
    )
    search = {"q": "Karimov Bakhtiyor", "purpose": "x"}
    assert [h["person_id"] for h in investigator.get("/people/search", params=search).json()] == [
        target["id"]
    ]
    search["q"] = "Petrov"
    assert investigator.get("/people/search", params=search).json() == []


@pytest.fixture
def victim(api: Api, master_key: MasterKey) -> dict[str, int]:
    """A protected victim registered by the NGO, shared with everyone (GREEN), in a
    police case; the police may see the identity for prosecution by consent."""
    case = api("kz-investigator").create("/cases", {**CASE, **OPEN})
    answer = api("ngo-case_worker").post(
        "/records",
        json={
            "defaults": {"tlp": "GREEN"},
            "records": [
                {
                    "kind": "person",
                    "ref": "p",
                    "is_protected": True,
                    "distribution": "community",
                    "sex": "female",
                    "birth_year": 2004,
                    "names": [{"full_name": VICTIM}],
                    "documents": [{"doc_type": "international_passport", "number": "FA7654321"}],
                    "phones": [{"number": "+996 700 123 456"}],
                    "notes": "Гулнора's family lives in Osh",
                },
                {
                    "kind": "victim",
                    "ref": "v",
                    "person_id": "@p",
                    "case_id": case["id"],
                    "distribution": "community",
                    "sex": "female",
                    "consents": [{"purpose": "prosecution", "given_on": "2024-06-01"}],
                },
                {
                    "kind": "case_role",
                    "case_id": case["id"],
                    "person_id": "@p",
                    "role": "victim",
                    "distribution": "community",
                },
            ],
        },
    )
    assert answer.status_code == 201, answer.text
    return {"case": case["id"], **answer.json()["ids"]}


def test_protected_names_never_leak(api: Api, victim: dict[str, int]) -> None:
    person_id, victim_id, case_id = victim["p"], victim["v"], victim["case"]
    for user in (
        "kz-investigator",
        "kz-analyst",
        "ngo-analyst",
        "kz-administrator",
        "ngo-case_worker",
    ):
        caller = api(user)
        answers = [
            caller.get(f"/people/{person_id}"),
            caller.get("/people"),
            caller.get(f"/people/{person_id}/links"),
            caller.get(f"/victims/{victim_id}"),
            caller.get("/victims"),
            caller.get(f"/cases/{case_id}/links"),
            caller.get("/case-roles"),
            caller.get("/people/search", params={"q": VICTIM, "purpose": "x"}),
            caller.get("/people/search", params={"q": "Tursunova Gulnora", "purpose": "x"}),
            caller.get("/people", params={"birth_year": 2004}),
        ]
        if user != "ngo-case_worker":  # the owner's case worker may see the identity
            answers.append(
                caller.get(f"/victims/{victim_id}/identity", params={"purpose": "research"})
            )
            answers.append(
                caller.get(f"/people/{person_id}/identity", params={"purpose": "assistance"})
            )
        for answer in answers:
            assert answer.status_code in (200, 403, 404), answer.text
            for secret in SECRETS:
                assert secret not in answer.text, (user, answer.url, secret)
    shown = api("kz-analyst").get(f"/people/{person_id}").json()
    assert shown["pseudonym"].startswith("V-") and shown["display_name"] == shown["pseudonym"]
    assert shown["names"] == [] and shown["birth_year"] is None


def test_the_vault_reveals_to_whom_it_may(api: Api, victim: dict[str, int]) -> None:
    path = f"/victims/{victim['v']}/identity"
    own = api("ngo-case_worker").get(path, params={"purpose": "assistance"}).json()
    assert own["revealed"] and own["identity"]["names"][0]["full_name"] == VICTIM
    police = api("kz-investigator").get(path, params={"purpose": "prosecution"}).json()
    assert police["revealed"]  # consented for prosecution
    analyst = api("kz-analyst").get(path, params={"purpose": "prosecution"}).json()
    assert not analyst["revealed"] and analyst["identity"] is None
    assert api("kz-investigator").get(path).status_code == 422  # a purpose is required


def test_a_protected_identity_is_not_changed_in_plaintext(api: Api, victim: dict[str, int]) -> None:
    answer = api("ngo-case_worker").patch(
        f"/people/{victim['p']}", json={"version": 1, "names": [{"full_name": "Someone Else"}]}
    )
    assert answer.status_code == 422 and answer.json()["detail"][0]["loc"] == ["body", "names"]


def test_protected_people_need_the_master_key(api: Api) -> None:
    answer = api("ngo-case_worker").post(
        "/people", json={"is_protected": True, "names": [{"full_name": VICTIM}]}
    )
    assert answer.status_code == 422 and "master key" in answer.text

"""Malformed or unrepresentable JSON gets 422 naming the place, on every JSON route,
and nothing is written: a lone surrogate, a number past a double, NaN and Infinity,
bytes that are not UTF-8, a document cut short or nested past reason.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from tests.service.conftest import Account

from amanat.register import Case, Seizure
from amanat.service.json_bodies import check
from amanat.store.engine import session_factory

CASE = '{"case_type": "tip", "jurisdiction": "KZ", "title": "Forced labour"'
# (body, the place the answer names)
BAD_CASES = [
    (CASE + ', "summary": "a\\ud800b"}', ["body", "summary"]),
    (CASE + ', "summary": "\\udc00 alone"}', ["body", "summary"]),
    (CASE + ', "\\ud800": 1}', ["body", "\\ud800"]),
    (CASE + ', "opened_on": 1e400}', ["body", "opened_on"]),
    (CASE + ', "opened_on": -1e400}', ["body", "opened_on"]),
    (CASE + ', "opened_on": NaN}', ["body", "opened_on"]),
    (CASE + ', "opened_on": Infinity}', ["body", "opened_on"]),
    (
        CASE + ', "charges": [{"article": "128", "country": "KZ", "x": [1, 1e999]}]}',
        ["body", "charges", 0, "x", 1],
    ),
    ((CASE + ', "summary": "\xff"}').encode("latin-1"), ["body", len(CASE + ', "summary": "')]),
    (CASE, ["body", len(CASE)]),
    ("[" * 2000 + "]" * 2000, ["body", 1025]),
]


def count(engine: Engine, model: Any) -> int:
    with session_factory(engine)() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def post(client: TestClient, account: Account, path: str, body: str | bytes) -> Any:
    headers = {**account.headers, "content-type": "application/json"}
    return client.post(f"/api/v1{path}", content=body, headers=headers)


def assert_refused_at(answer: Any, loc: list[str | int]) -> None:
    assert answer.status_code == 422, answer.text
    problem = answer.json()["detail"][0]
    assert problem["loc"] == loc
    assert problem["type"] == "json_invalid"


@pytest.mark.parametrize(("body", "loc"), BAD_CASES)
def test_a_bad_case_body_is_refused_where_it_is_bad(
    client: TestClient, org_users: dict[str, Account], engine: Engine, body: str, loc: list[Any]
) -> None:
    assert_refused_at(post(client, org_users["kz-investigator"], "/cases", body), loc)
    assert count(engine, Case) == 0


def test_an_update_is_refused_and_changes_nothing(
    client: TestClient, org_users: dict[str, Account]
) -> None:
    investigator = org_users["kz-investigator"]
    created = post(client, investigator, "/cases", CASE + "}")
    assert created.status_code == 201, created.text
    path = f"/cases/{created.json()['id']}"
    headers = {**investigator.headers, "content-type": "application/json"}
    for body, loc in (
        ('{"version": 1, "title": "\\ud83d"}', ["body", "title"]),
        ('{"version": 1e400}', ["body", "version"]),
    ):
        answer = client.patch(f"/api/v1{path}", content=body, headers=headers)
        assert_refused_at(answer, loc)
    kept = client.get(f"/api/v1{path}", headers=investigator.headers).json()
    assert kept["title"] == "Forced labour" and kept["version"] == 1


def test_a_bulk_submission_names_the_record_and_field(
    client: TestClient, org_users: dict[str, Account], engine: Engine
) -> None:
    # Submissions take records as free dictionaries: before, an infinite quantity
    # was stored, and a lone surrogate reached the database driver (500).
    seizure = (
        '{"kind": "seizure", "seized_on": "2024-05-01", "country": "KZ",'
        ' "drugs": [{"substance": "heroin", "quantity_kg": %s}]}'
    )
    for records, loc in (
        (seizure % "1e400", ["body", "records", 1, "drugs", 0, "quantity_kg"]),
        (seizure % '"\\udfff"', ["body", "records", 1, "drugs", 0, "quantity_kg"]),
    ):
        body = '{"records": [{"kind": "case", ' + CASE[1:] + "}, " + records + "]}"
        answer = post(client, org_users["kz-investigator"], "/records", body)
        assert_refused_at(answer, loc)
    assert count(engine, Case) == 0 and count(engine, Seizure) == 0


def test_share_requests_and_imports_are_checked_too(
    client: TestClient, org_users: dict[str, Account]
) -> None:
    prosecutor = org_users["kz-prosecutor"]
    share = '{"kind": "case", "record_id": 1, "target": "KG-NGO", "reason": "\\ud800"}'
    assert_refused_at(post(client, prosecutor, "/share-requests", share), ["body", "reason"])
    choice = '{"profile": "htcds", "lang": "ru", "tlp": 1e400}'
    answer = post(client, org_users["kz-investigator"], "/imports/unknown/preview", choice)
    assert_refused_at(answer, ["body", "tlp"])


def test_good_json_passes(client: TestClient, org_users: dict[str, Account]) -> None:
    body = CASE + ', "summary": "\\ud83d\\ude00 \\u0416 1e-400 ok", "opened_on": "2024-01-01"}'
    answer = post(client, org_users["kz-investigator"], "/cases", body)
    assert answer.status_code == 201, answer.text
    assert answer.json()["summary"] == "😀 Ж 1e-400 ok"


def test_the_check_itself() -> None:
    check(b"")  # no body: FastAPI answers that a body is required
    check(b'{"a": [1, 2.5e300, "\\ud83d\\ude00"]}')
    with pytest.raises(Exception) as refused:
        check(b'{"a": {"b": [0, 1e400]}}')
    assert getattr(refused.value, "status_code", None) == 422


def test_a_name_given_twice_in_one_object_is_refused(
    client: TestClient, org_users: dict[str, Account]
) -> None:
    """Found from outside: {"case_type": "tip", "case_type": "drugs"} was accepted, the
    last one winning; I-JSON (RFC 7493) forbids it, and parsers disagree on which wins."""
    body = b'{"case_type": "tip", "case_type": "drugs", "jurisdiction": "KZ", "title": "x"}'
    headers = {**org_users["kz-investigator"].headers, "Content-Type": "application/json"}
    answer = client.post("/api/v1/cases", content=body, headers=headers)
    assert answer.status_code == 422 and "twice" in answer.text

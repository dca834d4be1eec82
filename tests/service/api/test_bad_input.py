"""Bad input gets 422 naming the field (``loc``), and nothing of the request is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from tests.service.api.conftest import CASE, Caller

from amanat.register import Case, PipelineEvent
from amanat.store.engine import session_factory

Api = Callable[[str], Caller]
FUTURE = (dt.date.today() + dt.timedelta(days=30)).isoformat()


def count(engine: Engine, model: Any) -> int:
    with session_factory(engine)() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({**CASE, "case_type": "kidnapping-ish"}, ["body", "case_type"]),
        ({**CASE, "jurisdiction": "XX"}, ["body", "jurisdiction"]),
        ({**CASE, "opened_on": "2024-13-01"}, ["body", "opened_on"]),
        ({**CASE, "opened_on": FUTURE}, ["body", "opened_on"]),  # the register's own check
        ({**CASE, "opened_on": "2024-05-01", "closed_on": "2024-01-01"}, ["body", "closed_on"]),
        ({**CASE, "charges": [{"country": "KZ"}]}, ["body", "charges", 0, "article"]),
        ({**CASE, "title": "x" * 301}, ["body", "title"]),
        ({**CASE, "title": "nul\x00byte"}, ["body", "title"]),
        ({**CASE, "version": 3}, ["body", "version"]),  # set by the register
        ({"jurisdiction": "KZ"}, ["body", "case_type"]),
    ],
)
def test_a_bad_case_is_refused_with_the_field(
    api: Api, engine: Engine, body: dict[str, Any], loc: list[Any]
) -> None:
    answer = api("kz-investigator").post("/cases", json=body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"] == loc
    assert count(engine, Case) == 0


def test_negative_numbers_are_refused(api: Api, engine: Engine) -> None:
    investigator = api("kz-investigator")
    case = investigator.create("/cases", CASE)
    event = {"case_id": case["id"], "stage": "sentenced", "occurred_on": "2024-05-02"}
    answer = investigator.post("/pipeline-events", json={**event, "sentence_months": -3})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "sentence_months"]
    drugs = {
        "seized_on": "2024-05-01",
        "country": "KZ",
        "drugs": [{"substance": "heroin", "quantity_kg": -1}],
    }
    answer = investigator.post("/seizures", json=drugs)
    assert answer.json()["detail"][0]["loc"] == ["body", "drugs", 0, "quantity_kg"]
    assert count(engine, PipelineEvent) == 0


def test_a_bad_record_in_a_batch_writes_none_of_it(api: Api, engine: Engine) -> None:
    answer = api("kz-investigator").post(
        "/records",
        json={"records": [{"kind": "case", **CASE}, {"kind": "case", **CASE, "opened_on": FUTURE}]},
    )
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "records", 1, "opened_on"]
    assert count(engine, Case) == 0


def test_updates_are_checked_the_same_way(api: Api, engine: Engine) -> None:
    investigator = api("kz-investigator")
    case = investigator.create("/cases", {**CASE, "opened_on": "2024-05-01"})
    path = f"/cases/{case['id']}"
    for body, loc in (
        ({"opened_on": FUTURE, "version": 1}, ["body", "opened_on"]),
        ({"closed_on": "2024-01-01", "version": 1}, ["body", "closed_on"]),
        ({"status": "lost", "version": 1}, ["body", "status"]),
        ({"case_type": None, "version": 1}, ["body", "case_type"]),
        ({"org_id": 2, "version": 1}, ["body", "org_id"]),
        ({"title": "no version"}, ["body", "version"]),
    ):
        answer = investigator.patch(path, json=body)
        assert answer.status_code == 422, (body, answer.text)
        assert answer.json()["detail"][0]["loc"] == loc, body
    assert investigator.get(path).json()["version"] == 1


def test_references_to_records_you_cannot_see_are_refused_like_missing_ones(
    api: Api, engine: Engine
) -> None:
    hidden = api("ngo-case_worker").create("/cases", {**CASE, "jurisdiction": "KG"})
    answers = [
        api("kz-investigator").post(
            "/pipeline-events",
            json={"case_id": case_id, "stage": "arrested", "occurred_on": "2024-05-02"},
        )
        for case_id in (hidden["id"], 987654)
    ]
    assert [a.status_code for a in answers] == [422, 422]
    assert answers[0].json()["detail"][0]["loc"] == ["body", "case_id"]
    assert answers[0].json()["detail"][0]["msg"] == answers[1].json()["detail"][0]["msg"]
    assert count(engine, PipelineEvent) == 0


def test_kind_columns_of_records_and_children(api: Api) -> None:
    worker = api("ngo-case_worker")
    group = worker.create("/groups", {"kind": "clan", "name": "Bekovs"})
    assert group["kind"] == "clan"
    person = worker.create(
        "/people",
        {"names": [{"full_name": "Asanov Bakyt"}, {"full_name": "Баха", "kind": "nickname"}]},
    )
    assert [n["kind"] for n in person["names"]] == ["primary", "nickname"]
    victim = worker.create("/victims", {"assistance": [{"kind": "shelter"}]})
    assert victim["assistance"][0]["kind"] == "shelter"
    bad = worker.post("/groups", json={"kind": "mafia", "name": "x"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "kind"]

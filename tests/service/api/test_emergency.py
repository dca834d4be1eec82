"""Emergency reads (issue 13, finding 7 and the existence oracle of finding 8):
decided by the record's organisation or an oversight body's auditor, never by the
asker's organisation; approvers see only what they may decide; asking about a record
one cannot see answers exactly as asking about one that does not exist."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from tests.service.api.conftest import CASE, Caller
from tests.service.conftest import Account

from amanat.access import accounts
from amanat.access.models import User
from amanat.access.roles import Role
from amanat.service.app import create_app
from amanat.service.settings import ServiceSettings
from amanat.store.engine import transaction

Api = Callable[[str], Caller]
REASON = "A child is missing and this case may say where she was taken"


def _ask(caller: Caller, record_id: int, kind: str = "case") -> dict[str, object]:
    answer = caller.post(
        "/break-glass", json={"kind": kind, "record_id": record_id, "reason": REASON}
    )
    assert answer.status_code == 201, answer.text
    body: dict[str, object] = answer.json()
    return body


def _shape(body: dict[str, object]) -> dict[str, object]:
    """What an answer says, less what differs by nature (its own id, time, target)."""
    return {k: v for k, v in body.items() if k not in ("id", "requested_at", "record_id")}


def test_asking_about_an_invisible_record_answers_as_about_a_missing_one(api: Api) -> None:
    hidden = api("kz-investigator").create("/cases", CASE)
    asker = api("ngo-investigator")
    assert asker.get(f"/cases/{hidden['id']}").status_code == 404
    invisible = _ask(asker, hidden["id"])
    missing = _ask(asker, 10**9)
    assert _shape(invisible) == _shape(missing)
    assert set(invisible) == set(missing)
    assert "owner_org_id" not in invisible


def test_only_the_records_organisation_decides_and_only_it_sees_the_request(api: Api) -> None:
    case = api("kz-investigator").create("/cases", CASE)
    grant = _ask(api("ngo-investigator"), case["id"])
    # The asker's own organisation neither sees nor decides it.
    for colleague in ("ngo-analyst", "ngo-auditor", "ngo-case_worker"):
        assert api(colleague).get("/break-glass/to-decide").json() == []
        refused = api(colleague).post(f"/break-glass/{grant['id']}/approval", json={"hours": 1})
        assert refused.status_code == 404
    # Roles that may not approve are told so.
    assert api("kz-statistics_officer").get("/break-glass/to-decide").status_code == 403
    # The record's organisation sees it and decides.
    assert [g["id"] for g in api("kz-analyst").get("/break-glass/to-decide").json()] == [
        grant["id"]
    ]
    denied = api("kz-analyst").post(f"/break-glass/{grant['id']}/denial")
    assert denied.status_code == 200 and denied.json()["denied_at"]
    assert api("kz-analyst").get("/break-glass/to-decide").json() == []
    again = api("kz-auditor").post(f"/break-glass/{grant['id']}/approval", json={"hours": 1})
    assert again.status_code == 404  # decided already
    assert api("ngo-investigator").get(f"/cases/{case['id']}").status_code == 404


def test_nobody_decides_their_own_request(api: Api) -> None:
    case = api("ngo-investigator").create("/cases", CASE)
    grant = _ask(api("ngo-investigator"), case["id"])  # a record of the asker's own org
    for user in ("ngo-investigator", "ngo-analyst", "kz-analyst", "kz-auditor"):
        answer = api(user).post(f"/break-glass/{grant['id']}/approval", json={"hours": 1})
        assert answer.status_code == 404, user


@pytest.fixture
def oversight_client(engine: Engine, tmp_path: Path) -> TestClient:
    with transaction(engine) as session:
        accounts.add_organisation(session, "RC-OVERSIGHT", "Oversight unit", "regional_centre")
        org = accounts.organisation_by_code(session, "RC-OVERSIGHT")
        session.add(User(org_id=org.id, username="rc-auditor", display_name="x", role=Role.auditor))
    settings = ServiceSettings(
        secret_key="k", secure_cookies=False, oversight_orgs=["RC-OVERSIGHT"]
    )
    return TestClient(create_app(engine=engine, settings=settings))


def test_an_oversight_auditor_decides_any_request(
    api: Api, oversight_client: TestClient, engine: Engine, org_users: dict[str, Account]
) -> None:
    case = api("kz-investigator").create("/cases", CASE)
    grant = _ask(api("ngo-investigator"), case["id"])
    missing = _ask(api("ngo-investigator"), 10**9)
    with transaction(engine) as session:
        _, token = accounts.create_token(session, "rc-auditor", "tests")
    headers = {"Authorization": f"Bearer {token}"}
    with oversight_client as client:
        waiting = client.get("/api/v1/break-glass/to-decide", headers=headers).json()
        assert {g["id"] for g in waiting} == {grant["id"], missing["id"]}
        approved = client.post(
            f"/api/v1/break-glass/{grant['id']}/approval", json={"hours": 2}, headers=headers
        )
        assert approved.status_code == 200
        refused = client.post(f"/api/v1/break-glass/{missing['id']}/denial", headers=headers)
        assert refused.status_code == 200
        read = client.get(
            f"/api/v1/cases/{case['id']}", headers=org_users["ngo-investigator"].headers
        )
        assert read.status_code == 200

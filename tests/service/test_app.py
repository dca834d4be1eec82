"""The service as API clients see it: health, identity, and authentication failures
that give nothing away."""

from __future__ import annotations

import datetime as dt

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, select, update
from sqlalchemy.orm import Session
from tests.service.conftest import Account

from amanat.access.models import ApiToken, User
from amanat.service.deps import SessionDep
from amanat.store.engine import transaction


def test_health_and_openapi(client: TestClient) -> None:
    assert client.get("/api/v1/health").json()["status"] == "ok"
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/me" in spec["paths"]
    assert client.get("/docs").status_code == 200


def test_a_token_says_who_is_calling(client: TestClient, org_users: dict[str, Account]) -> None:
    me = client.get("/api/v1/me", headers=org_users["ngo-case_worker"].headers)
    assert me.status_code == 200
    assert me.json()["username"] == "ngo-case_worker" and me.json()["role"] == "case_worker"


def test_bad_tokens_are_refused_alike(
    client: TestClient, engine: Engine, org_users: dict[str, Account]
) -> None:
    token = org_users["kz-analyst"].token
    expired = org_users["kz-investigator"].token
    with transaction(engine) as session:
        user_id = session.scalar(select(User.id).where(User.username == "kz-investigator"))
        session.execute(
            update(ApiToken)
            .where(ApiToken.user_id == user_id)
            .values(expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
        )
    answers = [
        client.get("/api/v1/me", headers={"Authorization": value})
        for value in (
            "Bearer not-a-token",
            "Bearer " + token[:-2] + "xx",
            "Bearer amanat_999999_" + "a" * 43,
            f"Bearer {expired}",
            "Basic dXNlcjpwYXNz",
        )
    ]
    answers.append(client.get("/api/v1/me"))
    assert {a.status_code for a in answers} == {401}
    assert {a.text for a in answers} == {'{"detail":"Not authenticated"}'}


def test_a_failed_commit_is_the_answer_not_a_done(app: FastAPI) -> None:
    """``SessionDep`` commits before the response is sent: a commit that fails is
    an error to the client, never a 200 already on its way."""

    def refuse(session: Session) -> None:
        raise RuntimeError("the database refused the commit")

    @app.post("/test-write")
    def write(session: SessionDep) -> dict[str, str]:
        event.listen(session, "before_commit", refuse, once=True)
        return {"status": "saved"}

    with TestClient(app, raise_server_exceptions=False) as client:
        answer = client.post("/test-write")
    assert answer.status_code == 500 and "saved" not in answer.text

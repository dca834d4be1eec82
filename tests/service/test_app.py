"""The service as API clients see it: health, identity, and authentication failures
that give nothing away."""

from __future__ import annotations

import base64
import datetime as dt
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Engine, event, select, update
from sqlalchemy.orm import Session
from tests.service.conftest import Account

from amanat.access.key_file import KeyLoadError
from amanat.access.models import ApiToken, User
from amanat.access.vault import generate_master_key
from amanat.service.app import create_app
from amanat.service.deps import ApiSessionDep, SessionDep
from amanat.service.settings import ServiceSettings
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


# -- the settings it is made with, and nothing else ---------------------------------------


def test_the_app_serves_the_database_its_settings_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    named, elsewhere = tmp_path / "named.sqlite", tmp_path / "elsewhere.sqlite"
    monkeypatch.chdir(tmp_path)
    settings = ServiceSettings(database_url=f"sqlite:///{named}")
    # What `amanat serve` used to do after resolving its settings: too late to count.
    monkeypatch.setenv("AMANAT_DATABASE_URL", f"sqlite:///{elsewhere}")
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/v1/health").status_code == 200
        assert client.app.state.engine.url.database == str(named)  # type: ignore[attr-defined]
    assert named.exists()
    assert not elsewhere.exists() and not (tmp_path / "amanat.sqlite").exists()


def test_api_requests_at_once_are_the_apps_setting(engine: Engine) -> None:
    app = create_app(ServiceSettings(api_concurrency=2), engine=engine)
    lock, running, most = threading.Lock(), [0], [0]

    def probe(session: ApiSessionDep) -> None:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.3)
        with lock:
            running[0] -= 1

    app.add_api_route("/api/v1/probe", probe)
    with TestClient(app) as client, ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda _: client.get("/api/v1/probe"), range(6)))
    assert [answer.status_code for answer in answers] == [200] * 6
    assert most[0] == 2


def test_the_master_key_comes_from_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AMANAT_MASTER_KEY", raising=False)
    monkeypatch.delenv("AMANAT_MASTER_KEY_FILE", raising=False)
    key = generate_master_key()
    text = SecretStr(base64.b64encode(key.secret).decode())
    assert create_app(ServiceSettings(master_key=text)).state.master_key.secret == key.secret
    assert create_app(ServiceSettings()).state.master_key is None


def test_a_master_key_file_that_cannot_be_read_stops_the_app(tmp_path: Path) -> None:
    with pytest.raises(KeyLoadError, match="master key file not found"):
        create_app(ServiceSettings(master_key_file=tmp_path / "missing.key"))

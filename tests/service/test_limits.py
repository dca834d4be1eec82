"""What one request may cost: statement timeouts on PostgreSQL per kind of request (a
page's short one, an export's or import's longer one), a clean 503 past them, and the
most rows one export may hold."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, select, text
from tests.service.api.conftest import CASE
from tests.service.conftest import Account

from amanat.access.audit_store import AuditRecord
from amanat.service.app import create_app
from amanat.service.settings import ServiceSettings
from amanat.store import unreachable
from amanat.store.engine import session_factory

ON_POSTGRESQL = pytest.mark.parametrize("engine", ["postgresql"], indirect=True)


@pytest.fixture
def timed(engine: Engine, postgres_url: str, tmp_path: Path) -> Iterator[TestClient]:
    """The app over PostgreSQL with its own engine (as served): half a second for a
    page's statements, five for an export's."""
    settings = ServiceSettings(
        database_url=postgres_url,
        secret_key="k",
        upload_dir=str(tmp_path / "uploads"),
        statement_timeout_s=0.5,
        bulk_statement_timeout_s=5,
    )
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def locked_cases(engine: Engine) -> Iterator[Connection]:
    """The cases' table locked by another transaction until the test releases it."""
    with engine.connect() as connection:
        connection.execute(text("LOCK TABLE case_file IN ACCESS EXCLUSIVE MODE"))
        yield connection
        connection.rollback()


def _exports(engine: Engine) -> int:
    with session_factory(engine)() as session:
        return len(session.scalars(select(AuditRecord).where(AuditRecord.action == "export")).all())


@ON_POSTGRESQL
def test_a_page_past_its_statement_timeout_is_a_clean_503(
    timed: TestClient, org_users: dict[str, Account], locked_cases: Connection
) -> None:
    analyst = org_users["kz-analyst"].headers
    started = time.monotonic()
    answer = timed.get("/api/v1/cases", headers=analyst)
    waited = time.monotonic() - started
    assert answer.status_code == 503
    assert answer.json() == {"detail": unreachable.TOO_SLOW}
    assert answer.headers["retry-after"] == "5"
    assert 0.4 < waited < 5
    locked_cases.rollback()
    assert timed.get("/api/v1/cases", headers=analyst).status_code == 200


@ON_POSTGRESQL
def test_an_export_waits_longer_than_a_page(
    timed: TestClient, org_users: dict[str, Account], locked_cases: Connection, engine: Engine
) -> None:
    """An export's statements may wait past a page's half second (here on the lock,
    released after 1.5 s), and the connection goes back to the pool with the short one."""
    officer = org_users["kz-statistics_officer"].headers
    answers: list[httpx.Response] = []
    exporting = threading.Thread(
        target=lambda: answers.append(
            timed.post("/api/v1/exports", json={"format": "json"}, headers=officer)
        )
    )
    exporting.start()
    time.sleep(1.5)
    locked_cases.rollback()
    exporting.join(30)
    [answer] = answers
    assert answer.status_code == 200, answer.text
    assert _exports(engine) == 1
    with engine.connect() as connection:
        connection.execute(text("LOCK TABLE case_file IN ACCESS EXCLUSIVE MODE"))
        assert timed.get("/api/v1/cases", headers=officer).status_code == 503
        connection.rollback()


def test_an_export_over_the_most_rows_is_refused_whole(
    app: FastAPI, client: TestClient, org_users: dict[str, Account], engine: Engine
) -> None:
    investigator = org_users["kz-investigator"].headers
    officer = org_users["kz-statistics_officer"].headers
    for title in ("One", "Two"):
        made = client.post("/api/v1/cases", json={**CASE, "title": title}, headers=investigator)
        assert made.status_code == 201, made.text
    app.state.settings.export_max_rows = 1
    refused = client.post("/api/v1/exports", json={"format": "json"}, headers=officer)
    assert refused.status_code == 422
    assert "more than 1 rows" in refused.json()["detail"]
    assert "AMANAT_EXPORT_MAX_ROWS" in refused.json()["detail"]
    assert _exports(engine) == 0  # nothing audited, as nothing left
    scratch = Path(app.state.settings.upload_dir)
    assert not [path for path in scratch.rglob("*") if path.is_file()]
    app.state.settings.export_max_rows = 2
    shown = client.post("/api/v1/exports", json={"format": "json"}, headers=officer)
    assert shown.status_code == 200, shown.text
    assert shown.headers["x-amanat-rows"] == "2"
    assert _exports(engine) == 1

"""/health/live, /health/ready and /metrics, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Engine, func, select, update
from tests.service.api.conftest import CASE
from tests.service.api.test_exchange import PEOPLE, PROFILE
from tests.service.conftest import Account

from amanat.access.audit_store import AuditRecord
from amanat.federation.nodes import add_node
from amanat.federation.outgoing import latest_seq
from amanat.register import Node
from amanat.service.app import create_app
from amanat.service.settings import ServiceSettings
from amanat.store import unreachable
from amanat.store.engine import make_engine, session_factory
from amanat.store.migrate import downgrade, upgrade

TOKEN = "metrics-token-of-the-operator"


def settings(**given: object) -> ServiceSettings:
    return ServiceSettings(secret_key="k", secure_cookies=False, **given)  # type: ignore[arg-type]


def metric(text: str, name: str, **labels: str) -> float:
    """The value of the sample ``name{labels}`` in Prometheus' text format (0 if absent)."""
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in text.splitlines():
        sample, _, value = line.rpartition(" ")
        found = re.fullmatch(r"([a-z_]+)(?:\{(.*)\})?", sample)
        if found and found.group(1) == name:
            shown = ",".join(sorted((found.group(2) or "").split(","))) if found.group(2) else ""
            if shown == wanted:
                return float(value)
    return 0.0


def test_live_and_ready_answer_without_a_user(client: TestClient) -> None:
    live, ready = client.get("/health/live"), client.get("/health/ready")
    assert (live.status_code, live.json()) == (200, {"status": "ok"})
    assert (ready.status_code, ready.json()) == (200, {"status": "ok"})
    assert ready.headers["cache-control"] == "no-store"


def test_not_ready_on_a_database_behind_its_migrations(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'register.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    downgrade(engine, "-1")
    engine.dispose()
    with TestClient(create_app(settings(database_url=url))) as client:
        ready = client.get("/health/ready")
        assert ready.status_code == 503
        assert ready.json() == {
            "status": "unavailable",
            "reason": "the database's tables are not at the current migration (run amanat init)",
        }
        assert client.get("/health/live").status_code == 200


def test_not_ready_when_the_database_does_not_answer() -> None:
    # A PostgreSQL port nobody listens on (port 1 needs root to listen).
    url = "postgresql+psycopg://amanat@127.0.0.1:1/amanat"
    with TestClient(create_app(settings(database_url=url))) as client:
        assert client.get("/health/live").status_code == 200
        ready = client.get("/health/ready")
        assert ready.status_code == 503
        assert ready.json()["reason"] == "the database does not answer"
        # Any other request that needs the database: a clean 503, not a 500.
        answer = client.get("/api/v1/health")
        assert answer.status_code == 503
        assert answer.json() == {"detail": unreachable.UNREACHABLE}


def test_no_metrics_without_a_token_set(client: TestClient) -> None:
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


@pytest.fixture
def watched(app: FastAPI, client: TestClient) -> TestClient:
    app.state.settings.metrics_token = SecretStr(TOKEN)
    return client


def scraped(client: TestClient, name: str, **labels: str) -> float:
    answer = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200
    return metric(answer.text, name, **labels)


def test_metrics_need_the_token(watched: TestClient) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
        answer = watched.get("/metrics", headers=headers)
        assert answer.status_code == 401, headers
        assert "amanat_" not in answer.text
    shown = watched.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert shown.status_code == 200
    assert shown.headers["content-type"].startswith("text/plain")
    assert "amanat_http_requests_total" in shown.text


def test_requests_are_counted_by_route_template_never_the_path(
    watched: TestClient, org_users: dict[str, Account]
) -> None:
    reader = org_users["kz-analyst"].headers
    requests, latency = "amanat_http_requests_total", "amanat_http_request_duration_seconds_count"
    route = "/api/v1/cases/{record_id}"
    found = {"method": "GET", "route": route, "status": "404"}
    unmatched = {"method": "GET", "route": "unmatched", "status": "404"}
    before = [scraped(watched, requests, **found), scraped(watched, requests, **unmatched)]
    timed = scraped(watched, latency, method="GET", route=route)
    for record_id in (987654, 987655, 987656):
        assert watched.get(f"/api/v1/cases/{record_id}", headers=reader).status_code == 404
    # A made-up path counts as "unmatched", never under its own name.
    assert watched.get("/Aigerim-Bekova?q=Aigerim", headers=reader).status_code == 404
    after = [scraped(watched, requests, **found), scraped(watched, requests, **unmatched)]
    assert [a - b for a, b in zip(after, before, strict=True)] == [3, 1]
    assert scraped(watched, latency, method="GET", route=route) - timed == 3
    text = watched.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).text
    # Only the labels: a sample's value (a float timestamp such as 1.7966987654e+09)
    # may hold any digits.
    labels = " ".join(re.findall(r"\{[^}]*\}", text))
    assert "route=" in labels
    assert "987654" not in labels and "Aigerim" not in labels
    # The static files, by their mount's template.
    static = {"method": "GET", "route": "/static/{path}", "status": "200"}
    files = scraped(watched, requests, **static)
    assert watched.get("/static/amanat.css").status_code == 200
    assert scraped(watched, requests, **static) - files == 1


def _audit_rows(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(AuditRecord)).scalar_one()


def test_audit_entries_and_imported_rows_are_counted_when_they_commit(
    watched: TestClient, org_users: dict[str, Account], engine: Engine
) -> None:
    investigator = org_users["kz-investigator"].headers
    entries, rows = scraped(watched, "amanat_audit_entries_total"), _audit_rows(engine)
    imported = scraped(watched, "amanat_import_rows_total")
    made = watched.post("/api/v1/cases", json=CASE, headers=investigator)
    assert made.status_code == 201, made.text
    upload = watched.post(
        "/api/v1/imports",
        params={"filename": "people.csv"},
        content=PEOPLE.encode(),
        headers=investigator,
    )
    assert upload.status_code == 201, upload.text
    token = upload.json()["upload"]
    # Refused (a bad profile): nothing committed, nothing counted.
    refused = watched.post(
        f"/api/v1/imports/{token}/confirm", json={"profile": "x: 1"}, headers=investigator
    )
    assert refused.status_code == 422
    assert scraped(watched, "amanat_import_rows_total") == imported
    done = watched.post(
        f"/api/v1/imports/{token}/confirm", json={"profile": PROFILE}, headers=investigator
    )
    assert done.status_code == 201, done.text
    assert scraped(watched, "amanat_import_rows_total") - imported == 2
    assert (
        scraped(watched, "amanat_audit_entries_total") - entries == _audit_rows(engine) - rows > 1
    )


def _peer(engine: Engine, name: str) -> None:
    with session_factory(engine)() as session, session.begin():
        add_node(session, name, None, Ed25519PrivateKey.generate().public_key(), is_local=False)


def test_each_peer_nodes_lag_is_read_from_the_register_when_scraped(
    watched: TestClient, org_users: dict[str, Account], engine: Engine
) -> None:
    _peer(engine, "kg-node")
    with session_factory(engine)() as session:
        head = latest_seq(session)
    assert scraped(watched, "amanat_federation_changes_unsent", peer="kg-node") == head
    received = "amanat_federation_last_received_timestamp_seconds"
    assert scraped(watched, received, peer="kg-node") == 0
    # A record written here is one more change the peer has not been sent.
    made = watched.post("/api/v1/cases", json=CASE, headers=org_users["kz-investigator"].headers)
    assert made.status_code == 201, made.text
    unsent = scraped(watched, "amanat_federation_changes_unsent", peer="kg-node")
    assert unsent > head
    taken = dt.datetime(2026, 12, 7, 9, 30, tzinfo=dt.UTC)
    with session_factory(engine)() as session, session.begin():
        session.execute(
            update(Node)
            .where(Node.name == "kg-node")
            .values(
                sent_seq=unsent - 1,
                received_at=taken,
                last_error="a bad signature",
                last_error_at=taken + dt.timedelta(hours=1),
            )
        )
    assert scraped(watched, "amanat_federation_changes_unsent", peer="kg-node") == 1
    assert scraped(watched, received, peer="kg-node") == taken.timestamp()
    failed = "amanat_federation_last_error_timestamp_seconds"
    assert scraped(watched, failed, peer="kg-node") == taken.timestamp() + 3600
    # An error is dated only while it stands (the next bundle taken clears it).
    with session_factory(engine)() as session, session.begin():
        session.execute(update(Node).where(Node.name == "kg-node").values(last_error=None))
    assert scraped(watched, failed, peer="kg-node") == 0

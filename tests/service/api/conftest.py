"""Fixtures of the REST API tests (both back ends, through the `engine` fixture).

- ``api``: callers by user name — ``api("kz-investigator").post("/cases", json=...)``;
  users are those of ``org_users`` ("kz-<role>" in KZ-POL, "ngo-<role>" in KG-NGO).
- ``master_key``: the vault's master key of the app, for one test.
- ``audit``: the audit trail's rows, newest last, to assert what was recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from tests.service.conftest import Account

from amanat.access.audit_store import AuditRecord
from amanat.access.vault import MasterKey, generate_master_key
from amanat.store.engine import session_factory

CASE = {"case_type": "tip", "jurisdiction": "KZ", "title": "Forced labour on a tobacco farm"}


class Caller:
    """One user's API client; paths are relative to /api/v1."""

    def __init__(self, client: TestClient, account: Account) -> None:
        self.client = client
        self.account = account

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {**self.account.headers, **kwargs.pop("headers", {})}
        return self.client.request(method, f"/api/v1{path}", headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("PATCH", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", path, **kwargs)

    def create(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST a record that must be accepted; its Public form."""
        answer = self.post(path, json=body)
        assert answer.status_code == 201, answer.text
        created: dict[str, Any] = answer.json()
        return created


@pytest.fixture
def api(client: TestClient, org_users: dict[str, Account]) -> Callable[[str], Caller]:
    def caller(username: str) -> Caller:
        return Caller(client, org_users[username])

    return caller


@pytest.fixture
def master_key(app: FastAPI) -> MasterKey:
    key = generate_master_key()
    app.state.master_key = key  # what create_app loads from the settings' key
    return key


@pytest.fixture
def audit(engine: Engine) -> Callable[[], list[AuditRecord]]:
    def rows() -> list[AuditRecord]:
        with session_factory(engine)() as session:
            return list(session.scalars(select(AuditRecord).order_by(AuditRecord.seq)))

    return rows

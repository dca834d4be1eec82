"""Security headers on every answer: pages, the API's JSON, /docs and static files.

The API's answers are never kept by a cache (identities above all) nor framed nor
sniffed; HSTS goes out when cookies are secure; /docs has a policy that lets its own
inline script run, and nothing else (that it still renders in a real Chromium is
checked in ``web/test_e2e.py``).
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from tests.service.conftest import Account

from amanat.access.vault import generate_master_key
from amanat.service.app import create_app
from amanat.service.settings import ServiceSettings

STRICT = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}
CASE = {"case_type": "tip", "jurisdiction": "KZ", "title": "Forced labour on a tobacco farm"}


def secure_app(engine: Engine) -> FastAPI:
    return create_app(engine=engine, settings=ServiceSettings(secret_key="k", secure_cookies=True))


def assert_strict(answer: Any, *, stored: bool = False) -> None:
    for name, value in STRICT.items():
        assert answer.headers.get(name) == value, (answer.url, name)
    if not stored:
        assert answer.headers.get("cache-control") == "no-store", answer.url


@pytest.fixture
def victim(client: TestClient, org_users: dict[str, Account]) -> dict[str, int]:
    """A protected person and their victim record, registered by the NGO's case worker."""
    client.app.state.master_key = generate_master_key()  # type: ignore[attr-defined]
    worker = org_users["ngo-case_worker"].headers
    case = client.post("/api/v1/cases", json=CASE, headers=worker)
    assert case.status_code == 201, case.text
    records = [
        {"kind": "person", "ref": "p", "is_protected": True, "names": [{"full_name": "A B"}]},
        {"kind": "victim", "ref": "v", "person_id": "@p", "case_id": case.json()["id"]},
    ]
    answer = client.post("/api/v1/records", json={"records": records}, headers=worker)
    assert answer.status_code == 201, answer.text
    ids: dict[str, int] = answer.json()["ids"]
    return ids


def test_identity_answers_are_never_stored(
    client: TestClient, org_users: dict[str, Account], victim: dict[str, int]
) -> None:
    worker = org_users["ngo-case_worker"].headers
    for path in (
        f"/api/v1/people/{victim['p']}/identity",
        f"/api/v1/victims/{victim['v']}/identity",
    ):
        answer = client.get(path, params={"purpose": "assistance"}, headers=worker)
        assert answer.status_code == 200, answer.text
        assert answer.json()["revealed"]
        assert_strict(answer)


def test_every_api_answer_has_the_strict_headers(
    client: TestClient, org_users: dict[str, Account]
) -> None:
    token = org_users["kz-investigator"].headers
    answers = [
        client.get("/api/v1/me", headers=token),
        client.get("/api/v1/cases", headers=token),
        client.get("/api/v1/cases/999", headers=token),  # not found
        client.get("/api/v1/cases"),  # not signed in
        client.post("/api/v1/cases", json={"title": 3}, headers=token),  # refused
        client.get("/api/v1/openapi.json"),
    ]
    for answer in answers:
        assert_strict(answer)
        # JSON is never rendered: its policy allows nothing, and no framing.
        assert answer.headers["content-security-policy"] == (
            "default-src 'none'; frame-ancestors 'none'"
        )


def test_pages_static_files_and_docs_keep_their_headers(client: TestClient) -> None:
    assert_strict(client.get("/login"))
    static = client.get("/static/amanat.css")
    assert static.status_code == 200
    assert_strict(static, stored=True)
    assert "no-store" not in static.headers.get("cache-control", "")


def test_the_docs_policy_allows_its_own_inline_script_only(client: TestClient) -> None:
    answer = client.get("/docs")
    assert answer.status_code == 200
    assert_strict(answer)
    policy = answer.headers["content-security-policy"]
    scripts = re.findall(r"<script>(.*?)</script>", answer.text, re.DOTALL)
    assert scripts, "FastAPI's Swagger UI page starts Swagger with an inline script"
    allowed = re.search(r"script-src ([^;]*)", policy)
    assert allowed is not None
    sources = allowed.group(1).split()
    hashes = [
        f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
        for s in scripts
    ]
    assert sorted(sources) == sorted(["'self'", *hashes])
    assert "unsafe" not in policy
    assert "frame-ancestors 'none'" in policy


def test_hsts_is_sent_with_secure_cookies_only(engine: Engine, client: TestClient) -> None:
    with TestClient(secure_app(engine)) as secure:
        for path in ("/login", "/api/v1/health", "/docs", "/static/amanat.css"):
            assert secure.get(path).headers["strict-transport-security"] == (
                "max-age=31536000; includeSubDomains"
            ), path
    assert "strict-transport-security" not in client.get("/login").headers

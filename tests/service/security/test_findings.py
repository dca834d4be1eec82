"""The findings of issue 13 that the matrix exists to catch, each as a test of its own,
made the way the probe made them: signed in through the login form, with the tokens
and forms a user has, on SQLite and PostgreSQL.

These tests use nothing of the one-door layer (only the register, accounts and HTTP),
so they run unchanged on the code from before it, where each of them fails.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine, func, select

from amanat.access import accounts, passwords
from amanat.access.models import ApiToken, BreakGlass, ShareRequest, User
from amanat.access.vault import MASTER_KEY_ENV, generate_master_key
from amanat.register import Case
from amanat.service.app import create_app
from amanat.service.settings import ServiceSettings
from amanat.store.engine import transaction
from amanat.store.schema import metadata

PASSWORD = "correct horse battery staple"
SEALED = "Sealedname Findingsova"
FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
# (username, organisation, role)
PEOPLE = (
    ("f-admin", "F-POL", "administrator"),
    ("f-investigator", "F-POL", "investigator"),
    ("f-ngo-admin", "F-NGO", "administrator"),
    ("f-caseworker", "F-NGO", "case_worker"),
    ("f-ngo-analyst", "F-NGO", "analyst"),
)


@cache
def password_hash() -> str:
    return passwords.hash_password(PASSWORD)


@dataclass
class Probe:
    engine: Engine
    client: TestClient
    tokens: dict[str, str]
    read_only: dict[str, str]
    ids: dict[str, int]

    def api(self, method: str, path: str, user: str, **kwargs: Any) -> Response:
        headers = {"Authorization": f"Bearer {self.tokens[user]}"}
        answer: Response = self.client.request(method, f"/api/v1{path}", headers=headers, **kwargs)
        return answer

    def browser(self, username: str | None = None) -> TestClient:
        """A browser of its own, signed in through the login form when given a user;
        a page that fails is a 500 answer here (the finding is what is asserted)."""
        browser = TestClient(self.client.app, raise_server_exceptions=False)
        if username is not None:
            answer = post_form(browser, "/login", {"username": username, "password": PASSWORD})
            assert answer.status_code == 303, answer.text
        return browser

    def count(self, model: Any, *where: Any) -> int:
        with transaction(self.engine) as session:
            return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)

    def audit_by(self, username: str) -> list[str]:
        """The actions of the audit trail's entries made by a user, in order."""
        table = metadata().tables["audit_entry"]
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(table.c.action)
                .where(table.c.actor_user_id == self.ids[username])
                .order_by(table.c.seq)
            )
            return [row.action for row in rows]


def form_token(client: TestClient, page: str = "/login", **headers: str) -> str:
    """A form token of this browser's session, from a page that has a form."""
    found = FORM_TOKEN.search(client.get(page, headers=headers).text)
    if found is None:  # a page one may not open has no form: the sign-in page has
        found = FORM_TOKEN.search(client.get("/login").text)
    assert found, "no page gave a form token"
    return found.group(1)


def post_form(
    client: TestClient, url: str, data: dict[str, str], page: str = "/login", **headers: str
) -> Response:
    token = form_token(client, page, **headers)
    answer: Response = client.post(
        url, data={**data, "form_token": token}, headers=headers, follow_redirects=False
    )
    return answer


@pytest.fixture
def probe(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Probe]:
    key = generate_master_key()
    monkeypatch.setenv(MASTER_KEY_ENV, base64.b64encode(key.secret).decode())
    tokens, read_only, ids = {}, {}, {}
    with transaction(engine) as session:
        accounts.add_organisation(session, "F-POL", "Police", "police", "KZ")
        accounts.add_organisation(session, "F-NGO", "Shelter", "ngo", "KZ")
        accounts.add_organisation(session, "F-MIN", "Ministry", "interior_ministry", "KZ")
        for username, org, role in PEOPLE:
            org_id = accounts.organisation_by_code(session, org).id
            user = User(org_id=org_id, username=username, display_name=username, role=role)
            user.password_hash = password_hash()
            session.add(user)
            session.flush()
            ids[username] = user.id
            tokens[username] = accounts.create_token(session, username, "probe")[1]
            read_only[username] = accounts.create_token(session, username, "probe", read_only=True)[
                1
            ]
    settings = ServiceSettings(secret_key="findings-secret", secure_cookies=False)
    app = create_app(engine=engine, settings=settings)
    app.state.master_key = key
    with TestClient(app) as client:
        yield Probe(engine, client, tokens, read_only, ids)


@pytest.fixture
def victim(probe: Probe) -> dict[str, int]:
    """A protected victim registered by the shelter's case worker (its own only)."""
    answer = probe.api(
        "POST",
        "/records",
        "f-caseworker",
        json={
            "records": [
                {
                    "kind": "person",
                    "ref": "p",
                    "is_protected": True,
                    "sex": "female",
                    "names": [{"full_name": SEALED}],
                },
                {"kind": "victim", "ref": "v", "person_id": "@p", "sex": "female"},
            ]
        },
    )
    assert answer.status_code == 201, answer.text
    ids: dict[str, int] = answer.json()["ids"]
    return ids


def _case(probe: Probe, **fields: Any) -> int:
    body = {"case_type": "tip", "jurisdiction": "KZ", "title": "Probe case", **fields}
    answer = probe.api("POST", "/cases", "f-investigator", json=body)
    assert answer.status_code == 201, answer.text
    return int(answer.json()["id"])


def test_an_administrator_cannot_mint_a_token_for_a_case_worker_nor_read_a_victim(
    probe: Probe, victim: dict[str, int]
) -> None:
    """Finding 1: an administrator (of the case worker's organisation, or another's)
    minted a token for the case worker at /admin/tokens and read the sealed victim."""
    worker = probe.ids["f-caseworker"]
    tokens_before = probe.count(ApiToken, ApiToken.user_id == worker)
    for admin in ("f-ngo-admin", "f-admin"):
        browser = probe.browser(admin)
        answers = [
            post_form(
                browser,
                "/admin/tokens",
                {"username": "f-caseworker", "name": "mine now", "days": "30"},
                page="/admin/tokens",
            ),
            probe.api("POST", f"/users/{worker}/tokens", admin, json={"name": "mine now"}),
        ]
        for kind, record_id in (("victims", victim["v"]), ("people", victim["p"])):
            answers += [
                probe.api(
                    "GET", f"/{kind}/{record_id}/identity", admin, params={"purpose": "assistance"}
                ),
                browser.get(f"/{kind}/{record_id}"),
                post_form(
                    browser,
                    f"/{kind}/{record_id}/identity",
                    {"purpose": "assistance"},
                    page=f"/{kind}/{record_id}",
                ),
            ]
        for answer in answers:
            assert SEALED not in answer.text, (admin, answer.request.url)
    assert probe.count(ApiToken, ApiToken.user_id == worker) == tokens_before


def test_an_administrator_cannot_change_its_own_role_nor_mint_tokens(probe: Probe) -> None:
    """Finding 2: PATCH /users/{own id} {"role": "analyst"} worked, and so did
    POST /users/{id}/tokens for another user of one's organisation."""
    own = probe.ids["f-admin"]
    probe.api("PATCH", f"/users/{own}", "f-admin", json={"role": "analyst"})
    colleague = probe.ids["f-investigator"]
    probe.api("POST", f"/users/{colleague}/tokens", "f-admin", json={"name": "x"})
    with transaction(probe.engine) as session:
        assert session.get(User, own).role == "administrator"  # type: ignore[union-attr]
    assert probe.count(ApiToken, ApiToken.user_id == colleague) == 2  # the fixture's two


def test_a_read_only_token_cannot_write_through_web_pages(probe: Probe) -> None:
    """Finding 3: web pages took ``Authorization: Bearer``; with a read-only token a
    distribution was widened, a share request and an emergency request filed, and
    the account's language changed."""
    case = _case(probe, tlp="GREEN", distribution="owner")
    bearer = {"Authorization": f"Bearer {probe.read_only['f-investigator']}"}
    browser = probe.browser()
    attempts = [
        (f"/sharing/case/{case}/distribution", {"distribution": "community"}),
        (f"/sharing/case/{case}/request", {"target": "F-MIN", "reason": "wider, please"}),
        (
            "/break-glass",
            {"kind": "case", "record_id": str(case), "reason": "an emergency, for the probe"},
        ),
        ("/language", {"language": "ru", "back": "/"}),
    ]
    for url, data in attempts:
        post_form(browser, url, data, page=f"/cases/{case}", **bearer)
    with transaction(probe.engine) as session:
        assert session.get(Case, case).distribution == "owner"  # type: ignore[union-attr]
        assert session.get(User, probe.ids["f-investigator"]).language == "en"  # type: ignore[union-attr]
    assert probe.count(ShareRequest) == 0
    assert probe.count(BreakGlass) == 0


def test_web_sharing_changes_are_audited(probe: Probe) -> None:
    """Finding 4: changing a distribution, asking to share and deciding a share
    request from the web app left no audit entry."""
    case = _case(probe, tlp="GREEN", distribution="owner")
    owner = probe.browser("f-investigator")
    before = probe.audit_by("f-investigator")
    changed = post_form(
        owner, f"/sharing/case/{case}/distribution", {"distribution": "community"}, f"/cases/{case}"
    )
    assert changed.status_code == 303, changed.text
    assert _new_entries(probe.audit_by("f-investigator"), before)
    asker = probe.browser("f-ngo-analyst")
    before = probe.audit_by("f-ngo-analyst")
    asked = post_form(
        asker,
        f"/sharing/case/{case}/request",
        {"target": "F-MIN", "reason": "ministry"},
        f"/cases/{case}",
    )
    assert asked.status_code == 303, asked.text
    assert _new_entries(probe.audit_by("f-ngo-analyst"), before)
    with transaction(probe.engine) as session:
        request_id = session.scalars(select(ShareRequest.id)).one()
    before = probe.audit_by("f-investigator")
    decided = post_form(
        owner, f"/sharing/requests/{request_id}/decide", {"decision": "approve"}, "/sharing"
    )
    assert decided.status_code == 303, decided.text
    assert _new_entries(probe.audit_by("f-investigator"), before)


def _new_entries(now: list[str], before: list[str]) -> list[str]:
    """Entries written since ``before`` that record a change (reads and sign-ins do not)."""
    return [action for action in now[len(before) :] if action not in ("read", "login", "search")]

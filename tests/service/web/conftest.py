"""Web app fixtures: a small world of organisations and users, and signed-in browsers.

- ``world``: organisations (KZ police, KZ prosecutor, a KG NGO and a KZ shelter, all
  in the sharing group "Task force"; an Uzbek ministry outside it), one user per
  job, a vault master key.  The directory of service providers lists the shelter
  (shelter, medical, legal in Kazakhstan; psychosocial in Almaty), the NGO (legal,
  psychosocial in Kyrgyzstan) and a Kyrgyz shelter outside the group; the police
  offer nothing.  Users are named after their job: "police",
  "prosecutor", "ngo", "shelter", "auditor", "admin", "stats", "police-ru" (Russian
  interface), "uz-police" (outside the group).  Password: ``PASSWORD``.
- ``web``: the app over the ``engine`` fixture's database (SQLite and PostgreSQL)
  with the world in it; ``web.client(username)`` gives a signed-in TestClient (the
  session cookie is made directly: argon2 takes a third of a second per login, so
  only the login tests go through the login form, with ``sign_in``).
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from itsdangerous import TimestampSigner
from sqlalchemy import Engine, select

from amanat.access import accounts, groups, passwords, sessions
from amanat.access.models import User
from amanat.access.vault import MasterKey, generate_master_key
from amanat.register import ServiceOffer
from amanat.service.app import create_app
from amanat.service.settings import ServiceSettings
from amanat.service.web.page import SESSION_KEY
from amanat.store.engine import make_engine, transaction

PASSWORD = "correct horse battery"
GROUP = "Task force"
ORGANISATIONS = (
    ("KZ-POL", "Kazakhstan police", "police", "KZ"),
    ("KZ-PROS", "Kazakhstan prosecutor", "prosecutor", "KZ"),
    ("KG-NGO", "Safe Home NGO", "ngo", "KG"),
    ("KZ-SHELTER", "Almaty shelter", "ngo", "KZ"),
    ("UZ-MVD", "Uzbekistan interior ministry", "interior_ministry", "UZ"),
    ("KG-SHELTER", "Bishkek shelter", "ngo", "KG"),
)
# (organisation, service, country, region): the directory of service providers.
OFFERS = (
    ("KZ-SHELTER", "shelter", "KZ", None),
    ("KZ-SHELTER", "medical", "KZ", None),
    ("KZ-SHELTER", "legal", "KZ", None),
    ("KZ-SHELTER", "psychosocial", "KZ", "Almaty"),
    ("KG-NGO", "legal", "KG", None),
    ("KG-NGO", "psychosocial", "KG", None),
    ("KG-SHELTER", "shelter", "KG", None),
)
USERS = (
    ("police", "KZ-POL", "Aida Police", "investigator", "en"),
    ("police-ru", "KZ-POL", "Ерлан Полицейский", "investigator", "ru"),
    ("prosecutor", "KZ-PROS", "Daniyar Prosecutor", "prosecutor", "en"),
    ("ngo", "KG-NGO", "Gulnara Case Worker", "case_worker", "en"),
    ("shelter", "KZ-SHELTER", "Shelter Worker", "case_worker", "en"),
    ("auditor", "KZ-POL", "Audit Officer", "auditor", "en"),
    ("admin", "KZ-POL", "System Administrator", "administrator", "en"),
    ("stats", "KZ-POL", "Statistics Officer", "statistics_officer", "en"),
    ("uz-police", "UZ-MVD", "Uzbek Investigator", "investigator", "en"),
    ("kg-shelter", "KG-SHELTER", "Bishkek Shelter Worker", "case_worker", "en"),
    ("shelter-admin", "KZ-SHELTER", "Shelter Administrator", "administrator", "en"),
)
SECRET = "web-test-secret"
TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


def build_world(engine: Engine) -> None:
    with transaction(engine) as session:
        for code, name, kind, country in ORGANISATIONS:
            accounts.add_organisation(session, code, name, kind, country)
        groups.add_group(session, GROUP, "KZ-POL")
        for code, *_ in ORGANISATIONS[1:4]:
            groups.add_member(session, GROUP, code)
        for username, org, display, role, lang in USERS:
            org_id = accounts.organisation_by_code(session, org).id
            session.add(
                User(
                    org_id=org_id,
                    username=username,
                    display_name=display,
                    role=role,
                    language=lang,
                    password_hash=password_hash(),
                )
            )
        for code, service, country, region in OFFERS:
            org_id = accounts.organisation_by_code(session, code).id
            session.add(
                ServiceOffer(org_id=org_id, service=service, country=country, region=region)
            )


def browser_world(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory, folder: str
) -> Engine:
    """The browser journeys' register: a copy of the migrated template with this
    module's world and an English-speaking analyst of KZ-POL."""
    path = tmp_path_factory.mktemp(folder) / "register.sqlite"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    build_world(engine)
    with transaction(engine) as session:
        police = accounts.organisation_by_code(session, "KZ-POL")
        session.add(
            User(
                org_id=police.id,
                username="analyst",
                display_name="Analyst",
                role="analyst",
                language="en",
                password_hash=password_hash(),
            )
        )
    return engine


@cache
def password_hash() -> str:
    return passwords.hash_password(PASSWORD)


def form_token(html: str) -> str:
    found = TOKEN.search(html)
    assert found, "the page has no form token"
    return found.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> None:
    page = client.get("/login")
    answer = client.post(
        "/login",
        data={"username": username, "password": password, "form_token": form_token(page.text)},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text


@dataclass
class Web:
    app: FastAPI
    engine: Engine
    master: MasterKey
    clients: list[TestClient] = field(default_factory=list)

    def client(self, username: str | None = None, address: str = "testclient") -> TestClient:
        client = TestClient(self.app, client=(address, 50000))
        client.__enter__()
        self.clients.append(client)
        if username is not None:
            client.cookies.set("amanat_session", self.session_cookie(username))
        return client

    def user_id(self, username: str) -> int:
        with transaction(self.engine) as session:
            return session.scalars(select(User.id).where(User.username == username)).one()

    def session_cookie(self, username: str) -> str:
        """A new server-held session for the user, in the cookie a sign-in sets."""
        with transaction(self.engine) as session:
            user_id = session.scalars(select(User.id).where(User.username == username)).one()
            key = sessions.open_session(session, user_id)
        return session_cookie({SESSION_KEY: key})


def session_cookie(data: Mapping[str, object]) -> str:
    """The cookie Starlette's SessionMiddleware sets for ``data``."""
    encoded = base64.b64encode(json.dumps(data).encode())
    return TimestampSigner(SECRET).sign(encoded).decode()


def web_app(engine: Engine, master: MasterKey) -> FastAPI:
    settings = ServiceSettings(secret_key=SECRET, secure_cookies=False)
    app = create_app(engine=engine, settings=settings)
    app.state.master_key = master
    return app


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(engine: Engine, master: MasterKey | None = None) -> Iterator[str]:
    """The web app over ``engine`` served by uvicorn on a free local port, in a thread
    of this process, until the block ends: for the browser journeys."""
    port = free_port()
    app = web_app(engine, master or generate_master_key())
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def web(engine: Engine) -> Iterator[Web]:
    build_world(engine)
    master = generate_master_key()
    found = Web(web_app(engine, master), engine, master)
    yield found
    for client in found.clients:
        client.__exit__(None, None, None)


MARKING = {
    "source_kind": "agency_record",
    "reliability": "B",
    "credibility": "2",
    "tlp": "AMBER",
    "handling": "H0",
    "distribution": "group",
    "group": GROUP,
}


def submit(
    client: TestClient, url: str, data: Mapping[str, object], form_page: str | None = None
) -> Response:
    """Open the form page (``form_page``, else ``url``) and post ``data`` with its token."""
    page = client.get(form_page or url)
    assert page.status_code == 200, page.text
    answer: Response = client.post(
        url, data={"form_token": form_token(page.text), **data}, follow_redirects=False
    )
    return answer


def text_of(html: str) -> str:
    """The visible text of a page, on one line (for asserting what a user reads)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def open_case(client: TestClient, **fields: object) -> int:
    data = {
        "case_type": "tip",
        "jurisdiction": "KZ",
        "case_number": "KZ-2024-001",
        "status": "investigation",
        "opened_on": "2024-03-01",
        "title": "Farm labour ring",
        **MARKING,
        **fields,
    }
    answer = submit(client, "/cases/new", data)
    assert answer.status_code == 303, text_of(answer.text)
    return int(answer.headers["location"].rsplit("/", 1)[1])


def add_suspect(client: TestClient, case_id: int, name: str = "Джуманбеков Ерлан") -> int:
    data = {
        "full_name": name,
        "sex": "male",
        "birth_year": "1980",
        "citizenship": "KZ",
        "role": "suspect",
        # a new person even when people with a name like it are known
        "create_anyway": name,
        **MARKING,
    }
    answer = submit(client, f"/cases/{case_id}/people/new", data)
    assert answer.status_code == 303, text_of(answer.text)
    page = client.get(f"/cases/{case_id}").text
    found = re.search(r'href="/people/(\d+)">' + re.escape(name), page)
    assert found, "the suspect is not on the case page"
    return int(found.group(1))


VICTIM = {
    "consent_assistance": "on",
    "consent_given_on": "2024-04-02",
    "full_name": "Айгуль Сапарова",
    "sex": "female",
    "citizenship": "KG",
    "birth_year": "1999",
    "document_type": "international_passport",
    "document_number": "AC1234567",
    "trafficking_status": "ActualVictim",
    "identified_on": "2024-04-02",
    "exploitation": ["ForcedLabour"],
    "labour_sector": "Agriculture",
    "means_of_control": ["WithholdsDocuments", "DebtBondage"],
}


def register_victim(client: TestClient, **fields: object) -> int:
    answer = submit(client, "/victims/new", {**VICTIM, **MARKING, **fields})
    assert answer.status_code == 303, text_of(answer.text)
    return int(answer.headers["location"].rsplit("/", 1)[1])


def refer(
    client: TestClient, victim_id: int, service: str = "shelter", provider: str = "4", **fields: str
) -> Response:
    """Refer a victim from her referral form: the service chosen first, then one of the
    organisations listed for it (``provider``: the Almaty shelter by default)."""
    form = f"/victims/{victim_id}/referrals/new"
    page = client.get(f"{form}?service={service}")
    assert page.status_code == 200, page.text
    version = re.search(r'name="version" value="(\d+)"', page.text)
    assert version, "the referral form has no version"
    data = {"service": service, "provider": provider, "version": version.group(1), **fields}
    answer: Response = client.post(
        form, data={"form_token": form_token(page.text), **data}, follow_redirects=False
    )
    return answer

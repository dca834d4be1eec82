"""The service's logs never carry an identity, a name typed in a search, a token, a
password or a cookie — checked on what a real ``amanat serve`` writes at DEBUG while
people sign in, search the demo region's names and use a token."""

from __future__ import annotations

import base64
import json
import logging
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from tests.cli.test_readme_commands import (
    FORM_TOKEN,
    START_SECONDS,
    serving,
    sign_in,
    user_environment,
)

from amanat.access import accounts
from amanat.access.vault import field_context, open_sealed_text, unwrap_data_key
from amanat.demo.region import build_region
from amanat.demo.region.sealing import demo_master_key
from amanat.demo.users import DEMO_PASSWORD, create_demo_users
from amanat.service.logs import JsonLines, TextLines, config
from amanat.service.settings import ServiceSettings
from amanat.store.engine import make_engine, transaction

SEED = 3


def record(message: str, exc: BaseException | None = None, **extra: object) -> logging.LogRecord:
    made = logging.LogRecord("amanat.test", logging.ERROR, __file__, 1, message, (), None)
    if exc is not None:
        made.exc_info = (type(exc), exc, exc.__traceback__)
    made.__dict__.update(extra)
    return made


def test_a_line_is_one_json_object_with_the_request_fields() -> None:
    line = JsonLines().format(record("request", route="/api/v1/cases/{record_id}", status=404))
    shown = json.loads(line)
    assert set(shown) == {"time", "level", "logger", "message", "route", "status"}
    assert (shown["level"], shown["logger"], shown["status"]) == ("ERROR", "amanat.test", 404)


def test_an_exception_is_logged_by_its_type_and_place_never_its_message() -> None:
    try:
        raise ValueError("Айгерим Бекова, 1990")  # as a database error quotes a row
    except ValueError as exc:
        raised = exc
    for formatter in (JsonLines(), TextLines()):
        line = formatter.format(record("failed", raised))
        assert "builtins.ValueError at test_logs.py:" in line
        assert "Айгерим" not in line and "1990" not in line


def test_sql_is_never_logged_whatever_the_level() -> None:
    settings = ServiceSettings(secret_key="k", log_level="DEBUG")
    loggers = config(settings)["loggers"]
    assert loggers["sqlalchemy"] == {"level": "WARNING"}
    assert config(settings)["root"]["level"] == "DEBUG"


@dataclass(frozen=True)
class Region:
    database: Path
    names: set[str]
    case_worker: str
    token: str


def _names(database: Path) -> set[str]:
    """Every name of the region's people: the plain ones and the sealed ones."""
    master = demo_master_key(SEED)
    engine = make_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        names = set(connection.execute(text("SELECT full_name FROM person_name")).scalars().all())
        for part in ("given", "family"):
            names |= set(connection.execute(text(f"SELECT {part} FROM person_name")).scalars())
        keys = dict(connection.execute(text("SELECT org_id, wrapped_key FROM org_key")).all())
        sealed = connection.execute(
            text(
                "SELECT p.id, p.org_id, i.sealed FROM protected_identity i "
                "JOIN person p ON p.id = i.person_id"
            )
        ).all()
        for person_id, org_id, token in sealed:
            data_key = unwrap_data_key(master, bytes(keys[org_id]), org_id)
            document = open_sealed_text(
                data_key, bytes(token), field_context("person", person_id, "identity")
            )
            for name in json.loads(document)["names"]:
                names |= {name.get("full_name"), name.get("given"), name.get("family")}
    engine.dispose()
    # Names of four letters and more: a shorter one ("Ali") is found inside words.
    return {name for name in names if name and len(name) >= 4}


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Region:
    folder = tmp_path_factory.mktemp("logged")
    database = folder / "register.sqlite"
    shutil.copyfile(sqlite_template, database)
    engine = make_engine(f"sqlite:///{database}")
    build_region(engine, "tiny", SEED, folder / "truth.csv")
    with transaction(engine) as session:
        logins = create_demo_users(session)
        # A case worker searches her own victims' sealed names too.
        case_worker = next(login.username for login in logins if login.role == "case_worker")
        _, token = accounts.create_token(session, case_worker, "logs test")
    engine.dispose()
    names = _names(database)
    assert len(names) > 100
    return Region(database, names, case_worker, token)


@pytest.fixture(scope="module")
def served_log(region: Region, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("served")
    secret = base64.b64encode(demo_master_key(SEED).secret).decode()
    env = user_environment(
        AMANAT_LOG_LEVEL="DEBUG",
        AMANAT_SECURE_COOKIES="false",
        AMANAT_MASTER_KEY=secret,
        AMANAT_METRICS_TOKEN="metrics-token-of-the-logs-test",
    )
    arguments = ["serve", "--database", f"sqlite:///{region.database}"]
    searched = sorted(region.names)[:: max(1, len(region.names) // 40)]
    with serving(arguments, folder, env, START_SECONDS) as server:
        with httpx.Client(base_url=server.url, follow_redirects=True, timeout=60) as browser:
            # A password typed as a name, then the real one.
            assert sign_in(browser, region.case_worker, searched[0]).status_code == 401
            assert sign_in(browser, region.case_worker, DEMO_PASSWORD).url.path == "/"
            for name in searched:
                for path, field in (("/search", "q"), ("/caseload", "name")):
                    token = FORM_TOKEN.search(browser.get(path).text)
                    assert token is not None
                    fields = {field: name, "purpose": "assistance", "form_token": token.group(1)}
                    assert browser.post(path, data=fields).status_code == 200
                browser.get("/caseload", params={"name": name})
        bearer = {"Authorization": f"Bearer {region.token}"}
        with httpx.Client(base_url=server.url, headers=bearer, timeout=60) as api:
            for name in searched:
                found = api.get(
                    "/api/v1/people/search", params={"q": name, "purpose": "assistance"}
                )
                assert found.status_code == 200, found.text
            assert api.get("/api/v1/me").status_code == 200
            api.get(f"/api/v1/{searched[1]}")  # a name in a path no route has
        wrong = {"Authorization": f"Bearer {region.token}x"}
        assert httpx.get(f"{server.url}/api/v1/me", headers=wrong).status_code == 401
        assert httpx.get(f"{server.url}/metrics", headers=wrong).status_code == 401
    yield server.output()


def test_the_served_log_is_json_lines_with_each_request(served_log: str) -> None:
    lines = [json.loads(line) for line in served_log.splitlines() if line.startswith("{")]
    requests = [line for line in lines if line["logger"] == "amanat.requests"]
    assert len(requests) > 80
    assert {"request_id", "route", "status", "duration_ms", "method"} <= set(requests[0])
    routes = {line["route"] for line in requests}
    assert "/api/v1/people/search" in routes and "unmatched" in routes
    assert any(line["logger"] == "uvicorn.error" for line in lines)  # uvicorn's own, as JSON


def test_no_name_token_or_password_is_in_the_served_log(served_log: str, region: Region) -> None:
    secrets = {region.token, region.token.rsplit("_", 1)[-1], DEMO_PASSWORD}
    found = sorted(word for word in region.names | secrets if word in served_log)
    assert not found, f"{len(found)} found in the log, e.g. {found[:5]}"
    assert "session=" not in served_log and "q=" not in served_log

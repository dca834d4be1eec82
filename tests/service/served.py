"""A register made with the commands and served by a real ``amanat serve --workers 2``
on it, for the tests that kill or starve the processes under load.

- ``make_register(url, folder)``: one organisation (KZ-POL), one investigator and an
  API token for them;
- ``submission(marker)``: a person with two names, a case titled ``marker`` and the
  role tying them, in one request: a record is whole when all three are there;
- ``workers(pid)``: the server's worker processes;
- ``own_postgres()``: a PostgreSQL server of the test's own, which it may stop and
  start without disturbing the other tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.cli.test_readme_commands import _workers, amanat, user_environment

from amanat.store.postgres import PostgresServer, temporary_postgres_server

# Each of two workers imports the whole service: minutes on a busy two-core machine.
START_SECONDS = 600.0
SECRET_KEY = "served-tests-secret-key-0123456789abcdef"
PASSWORD = "investigator-password-1"
TOKEN = re.compile(r"^(\S{20,})$", re.MULTILINE)


@dataclass(frozen=True)
class Register:
    url: str
    folder: Path
    token: str
    env: dict[str, str]

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def make_register(url: str, folder: Path) -> Register:
    # Several workers share one secret key (sessions, form tokens); a browser on plain
    # HTTP never sends back a cookie marked secure.
    env = user_environment(AMANAT_SECRET_KEY=SECRET_KEY, AMANAT_SECURE_COOKIES="false")
    database = ("--database", url)
    amanat("init", *database, folder=folder, env=env)
    amanat("org", "add", "KZ-POL", "Police", "--kind", "police", *database, folder=folder, env=env)
    user = ("ivan", "--org", "KZ-POL", "--role", "investigator", "--password", PASSWORD)
    amanat("user", "add", *user, *database, folder=folder, env=env)
    created = amanat("token", "create", "ivan", *database, folder=folder, env=env)
    token = TOKEN.search(created)
    assert token is not None, created
    return Register(url, folder, token.group(1), env)


def submission(marker: str) -> dict[str, Any]:
    return {
        "defaults": {"tlp": "AMBER", "reliability": "B", "credibility": "2"},
        "records": [
            {
                "kind": "person",
                "ref": "p",
                "names": [{"full_name": "Каримов Бахтиёр"}, {"full_name": "Karimov Bakhtiyor"}],
            },
            {"kind": "case", "ref": "c", "case_type": "tip", "jurisdiction": "KZ", "title": marker},
            {
                "kind": "case_role",
                "ref": "r",
                "case_id": "@c",
                "person_id": "@p",
                "role": "suspect",
            },
        ],
    }


def workers(pid: int) -> set[int]:
    return _workers(pid)


@contextmanager
def own_postgres() -> Iterator[PostgresServer]:
    with ExitStack() as stack:
        try:
            server = stack.enter_context(temporary_postgres_server())
        except Exception as exc:  # a missing server is a failure, not a skip
            pytest.fail(f"PostgreSQL could not be started: {exc}", pytrace=False)
        yield server

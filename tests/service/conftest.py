"""Service fixtures: an app over the `engine` fixture's database, and callers.

- ``app`` / ``client``: the FastAPI app over an empty register (SQLite and PostgreSQL).
- ``org_users``: two organisations with a user of each role, and an API token per user.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from amanat.access import accounts
from amanat.access.models import User
from amanat.access.roles import Role
from amanat.access.throttle import THROTTLE
from amanat.service.app import create_app
from amanat.service.settings import ServiceSettings
from amanat.store.engine import transaction


@dataclass(frozen=True)
class Account:
    username: str
    org_code: str
    role: Role
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture(autouse=True)
def _fresh_throttle() -> Iterator[None]:
    """Each test starts with no failed sign-ins counted (the counts are per process)."""
    THROTTLE.reset()
    yield
    THROTTLE.reset()


@pytest.fixture
def app(engine: Engine, tmp_path: Path) -> FastAPI:
    # Files uploaded for import (the fuzzing tests upload too) stay in the test's folder.
    uploads = str(tmp_path / "uploads")
    settings = ServiceSettings(
        secret_key="test-secret-key", secure_cookies=False, upload_dir=uploads
    )
    return create_app(engine=engine, settings=settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def org_users(engine: Engine) -> dict[str, Account]:
    """Users named "<org>-<role>", e.g. "kz-investigator", "ngo-case_worker"."""
    made: dict[str, Account] = {}
    with transaction(engine) as session:
        for code, kind in (("KZ-POL", "police"), ("KG-NGO", "ngo")):
            accounts.add_organisation(session, code, code, kind)
        for code, short in (("KZ-POL", "kz"), ("KG-NGO", "ngo")):
            org = accounts.organisation_by_code(session, code)
            for role in Role:
                name = f"{short}-{role.value}"
                session.add(User(org_id=org.id, username=name, display_name=name, role=role))
                session.flush()
                _, token = accounts.create_token(session, name, "tests")
                made[name] = Account(name, code, role, token)
    return made

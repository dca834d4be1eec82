"""Fixtures for import tests: a register with two organisations and their users.

Pick ``registered`` for any import test (it runs on SQLite and PostgreSQL through
``engine``), ``master`` when the file holds victims (their identities are sealed).
Imports go through the door as the command line does (``import_as``, or the
``run_import`` fixture for a file given as text).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from tests.actions.conftest import acting

from amanat.access.accounts import add_organisation, add_user
from amanat.access.vault import MasterKey
from amanat.actions import intake
from amanat.actions.intake import ImportRefused, ImportRequest, ImportResult
from amanat.intake.profile import parse_profile
from amanat.store.engine import transaction

PASSWORD = "correct horse battery"


@pytest.fixture
def registered(engine: Engine) -> Engine:
    with transaction(engine) as session:
        add_organisation(session, "KG-POL", "Kyrgyz police", "police", "KG")
        add_organisation(session, "KZ-NGO", "Shelter", "ngo", "KZ")
        add_user(session, "KG-POL", "asel", "Asel", "investigator", PASSWORD)
        add_user(session, "KZ-NGO", "aida", "Aida", "case_worker", PASSWORD)
        add_user(session, "KG-POL", "stat", "Stat", "statistics_officer", PASSWORD, language="ru")
    return engine


@pytest.fixture
def master() -> MasterKey:
    return MasterKey(os.urandom(32))


Importer = Callable[..., ImportResult]


def import_as(
    engine: Engine,
    request: ImportRequest,
    user: str = "asel",
    *,
    dry_run: bool = False,
    master: MasterKey | None = None,
) -> ImportResult:
    """Import (``import.run``) or check (``import.check``) as ``user``, in a command's
    transaction; a file with bad rows answers with the result the refusal carries."""
    act = intake.check_import if dry_run else intake.run_import
    try:
        with acting(engine, user, key=master) as ctx:
            return act(ctx, request)
    except ImportRefused as refused:
        return refused.result


@pytest.fixture
def run_import(registered: Engine, tmp_path: Path) -> Importer:
    """Import ``text`` (written to a file called ``name``) with a profile given as a dict."""

    def run(
        name: str,
        content: str | bytes,
        profile: dict[str, object],
        user: str = "asel",
        dry_run: bool = False,
        master: MasterKey | None = None,
        **options: object,
    ) -> ImportResult:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        request = ImportRequest(path, parse_profile(profile), **options)  # type: ignore[arg-type]
        return import_as(registered, request, user, dry_run=dry_run, master=master)

    return run


def count(engine: Engine, table: type) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(table)) or 0)


@pytest.fixture
def registered_sqlite(sqlite_engine: Engine) -> Engine:
    """``registered`` on SQLite only: for property tests that import hundreds of files."""
    with transaction(sqlite_engine) as session:
        add_organisation(session, "KG-POL", "Kyrgyz police", "police", "KG")
        add_user(session, "KG-POL", "asel", "Asel", "investigator", PASSWORD)
    return sqlite_engine

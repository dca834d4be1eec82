"""`amanat org name` and `amanat org list --lang`, run as the system operator runs them:
an organisation named in a language, listed as a reader of each language sees it, a
bad language refused naming the field, and every naming audited."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from amanat.access.audit_store import AuditRecord
from amanat.store.engine import make_engine, session_factory

AMANAT = str(Path(sys.executable).parent / "amanat")


def _amanat(database: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [AMANAT, *arguments, "--database", database],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_operator_names_an_organisation_in_each_language(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'register.sqlite'}"
    for arguments in (
        ("init",),
        ("org", "add", "KZ-POL", "Kazakhstan police", "--kind", "police", "--country", "KZ"),
        ("org", "name", "KZ-POL", "ru", "Полиция Казахстана", "--own-language", "kk"),
        ("org", "name", "KZ-POL", "kk", "Қазақстан полициясы", "--short", "ҚР полициясы"),
    ):
        done = _amanat(database, *arguments)
        assert done.returncode == 0, done.stdout + done.stderr
    assert "Полиция Казахстана" in _amanat(database, "org", "list", "--lang", "ru").stdout
    # No Tajik name: the organisation's own language, Kazakh.
    assert "Қазақстан полициясы" in _amanat(database, "org", "list", "--lang", "tg").stdout
    refused = _amanat(database, "org", "name", "KZ-POL", "xx", "Bad")
    assert refused.returncode == 1
    assert "organisation_name.language: 'xx' is not a language code" in refused.stderr
    engine = make_engine(database)
    with session_factory(engine)() as session:
        named = session.scalars(
            select(AuditRecord.action).where(AuditRecord.action == "organisation_named")
        ).all()
    engine.dispose()
    assert len(named) == 2

"""A dump of the demo region holds no victim's or witness's identity: every sealed
identity is opened with the demo key, and none of its names, document numbers or
phones appears anywhere in the dump (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import subprocess

from sqlalchemy import Engine, select
from tests.demo.region.conftest import SEED, Built

from amanat.access.identity_vault import ProtectedIdentity, data_key
from amanat.access.vault import field_context, open_sealed_text
from amanat.demo.region.sealing import demo_master_key
from amanat.register import Person, PersonName
from amanat.store.engine import session_factory
from amanat.store.postgres import find_binary


def _dump(engine: Engine) -> str:
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()
        try:
            return "\n".join(raw.driver_connection.iterdump())  # type: ignore[union-attr]
        finally:
            raw.close()
    url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    command = [find_binary("pg_dump"), "--no-owner", url]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def _secrets(engine: Engine) -> set[str]:
    master = demo_master_key(SEED)
    found: set[str] = set()
    with session_factory(engine)() as session:
        rows = session.execute(
            select(ProtectedIdentity.person_id, ProtectedIdentity.sealed, Person.org_id).join(
                Person, Person.id == ProtectedIdentity.person_id
            )
        ).all()
        for person_id, sealed, org_id in rows:
            key = data_key(session, master, org_id)
            text = open_sealed_text(key, sealed, field_context("person", person_id, "identity"))
            identity = json.loads(text)
            found.update(n["full_name"] for n in identity["names"])
            found.update(d["number"] for d in identity["documents"])
            found.update(identity["phones"])
    return {s for s in found if len(s) >= 6}  # short strings occur by chance


def _open_names(engine: Engine) -> set[str]:
    """Names written in plaintext on unprotected person records: namesakes of a
    victim (common names repeat) are other people, not a leak."""
    with session_factory(engine)() as session:
        return set(session.scalars(select(PersonName.full_name)))


def test_no_identity_in_a_dump(tiny_region: Built) -> None:
    secrets = _secrets(tiny_region.engine)
    assert len(secrets) > 50  # the region has sealed victims and witnesses
    dump = _dump(tiny_region.engine)
    assert "protected_identity" in dump
    leaked = sorted(s for s in secrets - _open_names(tiny_region.engine) if s in dump)
    assert leaked == []

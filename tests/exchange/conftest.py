"""Fixtures for export tests: the ``tiny`` demo region (on SQLite and PostgreSQL) and
users to export as.

- ``region``: the region, with an analyst at the regional centre (``analyst``), a case
  worker of a test NGO (``owner``) and an auditor (``auditor``).
- ``followthemoney_entities``: an FtM file's entities, each checked by the
  followthemoney library (not by our own reader).
- ``protected_names``: adds two victims every user may see, one with a plaintext
  identity and one sealed (``master``); returns their names, which may appear in no
  export but the owner's, asked for with the key.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from followthemoney import model
from sqlalchemy import Engine, select
from tests.actions.conftest import acting

from amanat.access.accounts import add_organisation, add_user
from amanat.access.identity_vault import Identity, protect
from amanat.access.models import User
from amanat.access.vault import MasterKey
from amanat.actions.exports import ExportRequest, ExportResult, run_export
from amanat.demo.region import build_region
from amanat.register import Consent, Organisation, Person, PersonName, Victim
from amanat.store.engine import transaction

PASSWORD = "correct horse battery"


@pytest.fixture
def region(engine: Engine, tmp_path: Path) -> Engine:
    build_region(engine, "tiny", 5, tmp_path / "truth.csv")
    with transaction(engine) as session:
        centre = session.scalar(
            select(Organisation.code).where(Organisation.kind == "regional_centre")
        )
        assert centre
        # An NGO of its own, so the test's vault key wraps its data key.
        add_organisation(session, "KZ-NGO-TEST", "Test shelter", "ngo", "KZ")
        add_user(session, centre, "analyst", "Analyst", "analyst", PASSWORD)
        add_user(session, "KZ-NGO-TEST", "owner", "Owner", "case_worker", PASSWORD)
        add_user(session, centre, "auditor", "Auditor", "auditor", PASSWORD)
    return engine


PLAINTEXT_VICTIM = "Тестова Зарина Маратовна"
SEALED_VICTIM = "Сейтова Айгерим Маратовна"


@pytest.fixture
def master() -> MasterKey:
    return MasterKey(os.urandom(32))


@pytest.fixture
def protected_names(region: Engine, master: MasterKey) -> set[str]:
    """Two victims the analyst may see (marked GREEN, for the whole community): one
    whose identity an old import left in plaintext, one sealed in the vault with
    consent to share for assistance.  Returns every protected name in plaintext."""
    with transaction(region) as session:
        owner = session.scalar(select(User.org_id).where(User.username == "owner"))
        assert owner is not None
        shared = {"org_id": owner, "tlp": "GREEN", "distribution": "community"}
        plain = Person(**shared, is_protected=True, sex="female", birth_year=2001)
        plain.names.append(PersonName(full_name=PLAINTEXT_VICTIM, script="Cyrl"))
        sealed = Person(**shared, sex="female")
        session.add_all([plain, sealed])
        session.flush()
        protect(
            session,
            master,
            sealed,
            Identity(names=[{"kind": "primary", "full_name": SEALED_VICTIM}], birth_year=2000),
        )
        for person in (plain, sealed):
            victim = Victim(**shared, person_id=person.id, sex="female")
            victim.consents.append(Consent(purpose="assistance", given_on=dt.date(2024, 1, 1)))
            session.add(victim)
    with region.connect() as connection:
        query = (
            select(PersonName.full_name)
            .join(Person, Person.id == PersonName.person_id)
            .where(Person.is_protected)
        )
        return {name for (name,) in connection.execute(query)} | {SEALED_VICTIM}


Exporter = Callable[..., ExportResult]


@pytest.fixture
def export(region: Engine, tmp_path: Path) -> Exporter:
    """Export as ``user`` through the door (``export.run``), as the command line does,
    with the vault's key when ``master`` is given."""

    def run(
        format: str, user: str = "analyst", master: MasterKey | None = None, **options: object
    ) -> ExportResult:
        path = tmp_path / f"export.{format}"
        with acting(region, user, key=master) as ctx:
            return run_export(ctx, ExportRequest(format, path, **options))  # type: ignore[arg-type]

    return run


Entity = dict[str, Any]


def followthemoney_entities(path: Path) -> list[Entity]:
    """The entities of an FtM JSON Lines file, each one checked by the followthemoney
    library: a schema entities can have, only its properties, its required ones
    present, every value one the library's own cleaning keeps unchanged (so valid and
    in clean form), and every reference to an entity of the same file."""
    entities = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    ids = {e["id"] for e in entities}
    assert len(ids) == len(entities), "an id given twice"
    for entity in entities:
        schema = model.get(entity["schema"])
        assert schema is not None and not schema.abstract, entity["schema"]
        properties: dict[str, list[str]] = entity["properties"]
        assert set(properties) <= set(schema.properties), (entity["id"], set(properties))
        assert set(schema.required) <= set(properties), (entity["id"], schema.required)
        schema.validate({"properties": properties})  # raises InvalidData
        proxy = model.get_proxy(entity, cleaned=False)  # the library cleans every value
        assert proxy.id == entity["id"]
        cleaned = {p: sorted(v) for p, v in proxy.to_dict()["properties"].items()}
        assert cleaned == {p: sorted(v) for p, v in properties.items()}, entity["id"]
        for prop in proxy.iterprops():
            if prop.type.name == "entity":
                assert set(proxy.get(prop)) <= ids, (entity["id"], prop.name)
    return entities

"""FollowTheMoney there and back, as a user runs it: ``amanat export --format ftm``,
``amanat import --profile ftm`` into an empty register, and ``amanat export --format
ftm`` again give the same entities — each of the same schema with the same values,
pointing at the same entities — with the importing organisation as the only addition.

Ids and markings change on the way, as they should: a record is an assertion by an
organisation, and the importing one asserts what it imported, under its own code and
the marking it chose.  Each re-exported record keeps the id it came with as its
external id (read here from the second register's JSON export), which is how the
two files are matched.  The three steps run as commands; setting up the empty
register and reading its JSON export go through the code, to spare two minutes of
command start-up.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from tests.actions.conftest import acting
from tests.exchange.conftest import PASSWORD, Entity, followthemoney_entities

from amanat.access.accounts import add_organisation, add_user
from amanat.actions.exports import ExportRequest, run_export
from amanat.exchange.ftm_mapping import ftm_mapping
from amanat.store.engine import make_engine, transaction
from amanat.store.migrate import upgrade

AMANAT = str(Path(sys.executable).parent / "amanat")
IMPORTER = "KG-NGO-IMPORT"
PARTS = frozenset({"Passport", "Identification", "Address"})  # a person's, no ids of their own
MARKING = frozenset({"publisher", "keywords"})


def amanat(*arguments: str, database: str) -> str:
    done = subprocess.run(
        [AMANAT, *arguments, "--database", database],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _same_as(document: dict[str, Any]) -> dict[str, str]:
    """Second register's entity id → the id it was imported under, from the JSON
    export's external ids and the mapping's id rule."""
    mapping = ftm_mapping()
    found = {}
    for kind, records in document["records"].items():
        if kind not in mapping.kinds:
            continue
        prefix = mapping.ids.record_prefix(mapping.token(kind), IMPORTER)
        found.update({prefix + str(r["id"]): r["external_id"] for r in records})
    return found


def _content(entities: list[Entity], same_as: dict[str, str]) -> Counter[str]:
    """Each entity as its schema and values, references written as the entity they
    point at: a record by its (original) id, a document or address by its content."""
    by_id = {e["id"]: e for e in entities}

    def values(entity: Entity, refer: Any) -> str:
        properties = {
            name: sorted(refer(v) for v in found)
            for name, found in entity["properties"].items()
            if name not in MARKING
        }
        return entity["schema"] + json.dumps(properties, sort_keys=True, ensure_ascii=False)

    def record(value: str) -> str:
        return same_as.get(value, value)

    def refer(value: str) -> str:
        part = by_id.get(value)
        return values(part, record) if part and part["schema"] in PARTS else record(value)

    return Counter(values(e, refer) for e in entities)


def test_export_import_export_gives_the_same_entities(region: Engine, tmp_path: Path) -> None:
    source = region.url.render_as_string(hide_password=False)
    first, second = tmp_path / "first.ftm.jsonl", tmp_path / "second.ftm.jsonl"
    amanat(
        "export", "--format", "ftm", "--user", "analyst", "--output", str(first), database=source
    )
    empty = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    engine = make_engine(empty)
    upgrade(engine)
    with transaction(engine) as session:
        add_organisation(session, IMPORTER, "Importing shelter", "ngo", "KG")
        add_user(session, IMPORTER, "importer", "Importer", "analyst", PASSWORD)
    said = amanat(
        "import", str(first), "--profile", "ftm", "--user", "importer", "--tlp", "GREEN",
        database=empty,
    )  # fmt: skip
    assert "Imported" in said, said
    amanat(
        "export", "--format", "ftm", "--user", "importer", "--output", str(second), database=empty
    )
    as_json = tmp_path / "second.json"
    with acting(engine, "importer") as ctx:
        run_export(ctx, ExportRequest("json", as_json))
    engine.dispose()

    before, after = followthemoney_entities(first), followthemoney_entities(second)
    same_as = _same_as(json.loads(as_json.read_text(encoding="utf-8")))
    assert len(same_as) > 500
    expected = _content(before, {})
    found = _content(after, same_as)
    added = found - expected
    assert expected - found == Counter()
    [importer] = added  # the register's own organisation, and nothing else
    assert importer.startswith("Organization") and IMPORTER in importer
    assert sum(added.values()) == 1

"""An import gives every record it creates a global identity of its own, as every
other door does, and keeps it when a later import updates the record."""

from __future__ import annotations

import uuid

from sqlalchemy import Engine, text
from tests.intake.conftest import Importer
from tests.intake.test_written_rows import PEOPLE, PROFILE


def _identities(engine: Engine) -> dict[str, str]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT external_id, global_id FROM person"))
        return {key: global_id for key, global_id in rows}


def test_imported_records_get_their_own_global_ids_and_keep_them(
    registered: Engine, run_import: Importer
) -> None:
    assert run_import("people.csv", PEOPLE, PROFILE).written
    first = _identities(registered)
    assert sorted(first) == ["P-1", "P-2", "P-3", "P-4", "P-5"]
    assert {uuid.UUID(g).version for g in first.values()} == {4}
    assert len(set(first.values())) == len(first)
    # The same file again updates the same records: their identities stay.
    assert run_import("people.csv", PEOPLE, PROFILE).written
    assert _identities(registered) == first
    with registered.connect() as connection:
        origins = connection.execute(text("SELECT DISTINCT origin_node_id FROM person"))
        assert [row[0] for row in origins] == [None]  # made on this node

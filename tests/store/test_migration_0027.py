"""Revision 0027 gives every record already stored a UUID of its own and leaves it on
this node, on both back ends; ids inside the register stay as they were."""

from __future__ import annotations

import uuid

from sqlalchemy import Engine, inspect, text

from amanat.store.migrate import current_revision, downgrade, head_revision, upgrade

# Rows as a register at revision 0025 held them (written in SQL: today's models have
# columns that revision has not).
ORGANISATION = (
    "INSERT INTO organisation (id, code, name, kind, created_at) "
    "VALUES (7, 'KZ-POL', 'Kazakh police', 'police', CURRENT_TIMESTAMP)"
)
MARKS = "source_kind, reliability, credibility, tlp, handling, distribution, version"
MARKED = "'agency_record', 'B', '2', 'AMBER', 'H0', 'owner', 1"


def _record(table: str, record_id: int, columns: str = "", values: str = "") -> str:
    return (
        f'INSERT INTO "{table}" (id, org_id, updated_at, {MARKS}{columns}) '
        f"VALUES ({record_id}, 7, CURRENT_TIMESTAMP, {MARKED}{values})"
    )


ROWS = (
    ORGANISATION,
    _record("person", 11, ", is_protected", ", false"),
    _record("person", 12, ", is_protected", ", false"),
    _record("person", 13, ", is_protected", ", true"),
    _record("phone", 21, ", number", ", '+77012345678'"),
    _record("case_file", 31, ", case_type, jurisdiction, status", ", 'trafficking', 'KZ', 'open'"),
)


def test_0027_gives_every_stored_record_a_uuid_and_this_node(engine: Engine) -> None:
    downgrade(engine, "0026")
    with engine.begin() as connection:
        for row in ROWS:
            connection.execute(text(row))
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        people = connection.execute(
            text("SELECT id, global_id, origin_node_id FROM person ORDER BY id")
        ).all()
        others = connection.execute(
            text(
                "SELECT id, global_id, origin_node_id FROM phone UNION ALL "
                "SELECT id, global_id, origin_node_id FROM case_file"
            )
        ).all()
        org = connection.execute(text("SELECT id, node_id FROM organisation")).one()
    rows = [*people, *others]
    assert [row.id for row in people] == [11, 12, 13]  # ids stay as they are
    assert sorted(row.id for row in others) == [21, 31]
    identities = [uuid.UUID(row.global_id) for row in rows]
    assert all(str(found) == row.global_id for found, row in zip(identities, rows, strict=True))
    assert {found.version for found in identities} == {4}
    assert len(set(identities)) == len(rows)
    assert {row.origin_node_id for row in rows} == {None}  # made on this node
    assert tuple(org) == (7, None)


def test_0027_downgrades_to_the_columns_it_found(engine: Engine) -> None:
    downgrade(engine, "0026")
    columns = {c["name"] for c in inspect(engine).get_columns("person")}
    assert not columns & {"global_id", "origin_node_id"}
    assert "node" not in inspect(engine).get_table_names()
    upgrade(engine)
    assert {"global_id", "origin_node_id"} <= {
        c["name"] for c in inspect(engine).get_columns("person")
    }

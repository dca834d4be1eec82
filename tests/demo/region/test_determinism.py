"""Same seed, same region; another seed, another region."""

from __future__ import annotations

import uuid

from sqlalchemy import Engine, text
from tests.demo.region.conftest import BuildSqlite

from amanat.store.schema import metadata

# Tables compared row by row.  Sealed identities and wrapped keys are left out on
# purpose: sealing draws a fresh random nonce every time, as it must.
COMPARED = ("person", "person_name", "case_file", "pipeline_event", "victim", "weapon")


# Each record's identity across the federation is drawn afresh, like a UUID anywhere:
# two registers built from one seed are two registers, whose records must not be taken
# for each other's.
DRAWN = frozenset({"global_id"})


def dump(engine: Engine, table: str) -> list[tuple[object, ...]]:
    columns = ", ".join(
        f'"{c.name}"' for c in metadata().tables[table].columns if c.name not in DRAWN
    )
    with engine.connect() as connection:
        query = text(f'SELECT {columns} FROM "{table}" ORDER BY id')
        return [tuple(r) for r in connection.execute(query)]


def test_the_global_ids_are_drawn_afresh(build_sqlite: BuildSqlite) -> None:
    first = build_sqlite("tiny", 5, "first")
    second = build_sqlite("tiny", 5, "second")
    query = text("SELECT global_id FROM person UNION ALL SELECT global_id FROM victim")
    with first.engine.connect() as one, second.engine.connect() as two:
        ones, twos = one.scalars(query).all(), two.scalars(query).all()
    assert len(set(ones)) == len(ones) > 0 and {uuid.UUID(g).version for g in ones} == {4}
    assert not set(ones) & set(twos)


def test_the_same_seed_builds_the_same_region(build_sqlite: BuildSqlite) -> None:
    first = build_sqlite("tiny", 5, "first")
    second = build_sqlite("tiny", 5, "second")
    assert first.counts == second.counts
    assert first.truth.read_bytes() == second.truth.read_bytes()
    for table in COMPARED:
        assert dump(first.engine, table) == dump(second.engine, table), table
    with first.engine.connect() as one, second.engine.connect() as two:
        query = text("SELECT person_id, pseudonym FROM protected_identity ORDER BY person_id")
        assert one.execute(query).all() == two.execute(query).all()


def test_another_seed_builds_another_region(build_sqlite: BuildSqlite) -> None:
    first = build_sqlite("tiny", 5, "first")
    other = build_sqlite("tiny", 6, "other")
    assert first.truth.read_bytes() != other.truth.read_bytes()
    assert dump(first.engine, "person_name") != dump(other.engine, "person_name")

"""The ground truth says which records are the same person (group, vehicle, phone),
in a file beside the register and never in it."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import text
from tests.demo.region.conftest import Built

from amanat.demo.population import read_ground_truth
from amanat.store.schema import metadata

TABLE_OF = {"person": "person", "group": "criminal_group", "vehicle": "vehicle", "phone": "phone"}


def test_every_record_of_those_kinds_is_in_the_ground_truth(tiny_region: Built) -> None:
    found: dict[str, set[int]] = defaultdict(set)
    for kind, record_id, _, _ in read_ground_truth(tiny_region.truth):
        found[kind].add(record_id)
    assert set(found) == set(TABLE_OF)
    with tiny_region.engine.connect() as connection:
        for kind, table in TABLE_OF.items():
            ids = set(connection.execute(text(f'SELECT id FROM "{table}"')).scalars())
            assert found[kind] == ids, kind


def test_people_have_several_records_in_several_scripts(tiny_region: Built) -> None:
    identity_of = {
        record_id: identity
        for kind, record_id, identity, _ in read_ground_truth(tiny_region.truth)
        if kind == "person"
    }
    scripts: dict[int, set[str]] = defaultdict(set)
    records: dict[int, int] = defaultdict(int)
    with tiny_region.engine.connect() as connection:
        query = text("SELECT person_id, script FROM person_name WHERE kind = 'primary'")
        for person_id, script in connection.execute(query):
            scripts[identity_of[person_id]].add(script)
            records[identity_of[person_id]] += 1
    several = [i for i, n in records.items() if n >= 2]
    assert len(several) > 0.2 * len(records)
    assert sum(1 for i in several if {"Cyrl", "Latn"} <= scripts[i]) > 20


def test_groups_vehicles_and_phones_are_recorded_more_than_once(tiny_region: Built) -> None:
    records: dict[tuple[str, int], int] = defaultdict(int)
    for kind, _, true_id, _ in read_ground_truth(tiny_region.truth):
        records[(kind, true_id)] += 1
    for kind in ("group", "vehicle", "phone"):
        assert any(n >= 2 for (k, _), n in records.items() if k == kind), kind


def test_relatives_are_different_people_with_similar_names(tiny_region: Built) -> None:
    identity_of = {
        record_id: identity
        for kind, record_id, identity, _ in read_ground_truth(tiny_region.truth)
        if kind == "person"
    }
    with tiny_region.engine.connect() as connection:
        pairs = connection.execute(
            text("SELECT from_person_id, to_person_id FROM relationship WHERE kind = 'family'")
        ).all()
    assert pairs
    assert all(identity_of[a] != identity_of[b] for a, b in pairs)


def test_the_register_holds_no_ground_truth(tiny_region: Built) -> None:
    suspicious = ("identity_id", "true_id", "truth", "ground")
    for table in metadata().sorted_tables:
        for column in table.columns:
            assert not any(word in column.name for word in suspicious), (table.name, column.name)

"""The bulk writer loads trusted rows on both back ends, in foreign-key order, in chunks,
and leaves the database ready for ordinary ORM inserts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from amanat.register import Organisation, Person, PersonName
from amanat.store.bulk import BulkLoadError, BulkWriter, table_columns, table_order, write_rows
from amanat.store.engine import transaction
from amanat.store.schema import metadata

STAMP = "2020-03-04 10:15:00"


def provenance(org_id: int, external_id: str) -> tuple[Any, ...]:
    values = {
        "global_id": f"00000000-0000-4000-8000-{int(external_id.split('-')[-1]):012d}",
        "origin_node_id": None,
        "org_id": org_id,
        "external_id": external_id,
        "submitted_at": STAMP,
        "updated_at": STAMP,
        "source_id": None,
        "source_kind": "agency_record",
        "reliability": "B",
        "credibility": "2",
        "tlp": "AMBER",
        "handling": "H0",
        "distribution": "owner",
        "sharing_group_id": None,
        "version": 1,
        "deleted_at": None,
        "deletion_reason": None,
    }
    own = len(table_columns("person")) - len(values)
    return tuple(values[c] for c in table_columns("person")[own:])


def organisation(org_id: int) -> tuple[Any, ...]:
    return (
        org_id, f"ORG-{org_id}", f"Organisation {org_id}", None, None, "police", "KZ", None,
        STAMP, None,
    )  # fmt: skip


def person(person_id: int, org_id: int = 1) -> tuple[Any, ...]:
    return (
        person_id, "male", None, 1985, 3, None, None, False, None,
        *provenance(org_id, f"P-{person_id}"),
    )  # fmt: skip


def person_name(name_id: int, person_id: int) -> tuple[Any, ...]:
    return (name_id, person_id, "primary", "Жумабеков Ерлан", "Ерлан", None, "Жумабеков",
            "Cyrl", "ru")  # fmt: skip


def test_columns_follow_the_schema() -> None:
    assert table_columns("person")[:3] == ("id", "sex", "gender_identity")
    assert table_columns("person")[-1] == "deletion_reason"
    order = table_order()
    assert set(order) == set(metadata().tables)
    assert order.index("organisation") < order.index("person") < order.index("person_name")


def test_rows_are_written_parents_first_and_read_back_typed(engine: Engine) -> None:
    # Children listed before their parents: the writer orders tables itself.
    batch = {
        "person_name": [person_name(i, i) for i in range(1, 4)],
        "person": [person(i) for i in range(1, 4)],
        "organisation": [organisation(1)],
    }
    counts = write_rows(engine, batch)
    assert counts == {"organisation": 1, "person": 3, "person_name": 3}
    with transaction(engine) as session:
        loaded = session.get(Person, 2)
        assert loaded is not None
        assert loaded.birth_date_text == "1985-03"
        assert loaded.is_protected is False
        assert loaded.names[0].full_name == "Жумабеков Ерлан"
        assert loaded.submitted_at.replace(tzinfo=None) == dt.datetime(2020, 3, 4, 10, 15)


def test_rows_are_written_in_chunks(engine: Engine) -> None:
    with BulkWriter(engine, chunk_rows=7) as writer:
        writer.add("organisation", [organisation(1)])
        for i in range(1, 31):
            writer.add("person", [person(i)])
            writer.add("person_name", [person_name(i, i)])
    assert writer.counts["person"] == 30
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(PersonName)) == 30


def test_orm_inserts_continue_after_the_loaded_ids(engine: Engine) -> None:
    write_rows(engine, {"organisation": [organisation(5)], "person": [person(41, 5)]})
    with transaction(engine) as session:
        org = Organisation(code="NEW", name="New organisation", kind="ngo", country="KG")
        session.add(org)
        session.flush()
        new = Person(org_id=org.id, sex="female")
        session.add(new)
        session.flush()
        assert org.id == 6
        assert new.id == 42


def test_a_row_out_of_step_with_the_schema_is_refused(engine: Engine) -> None:
    with pytest.raises(BulkLoadError, match="'person' have 3 values"), BulkWriter(engine) as writer:
        writer.add("person", [(1, "male", None)])
        writer.flush()


def test_an_unknown_table_is_refused(engine: Engine) -> None:
    with pytest.raises(BulkLoadError, match="no table called 'persons'"):
        write_rows(engine, {"persons": [(1,)]})


def test_a_database_error_is_reported_with_its_table(engine: Engine) -> None:
    # The same primary key twice.
    batch = {"organisation": [organisation(1), organisation(1)]}
    with pytest.raises(BulkLoadError, match="table 'organisation'"):
        write_rows(engine, batch)


def test_an_error_in_the_caller_stops_the_writer(engine: Engine) -> None:
    with pytest.raises(RuntimeError, match="generator failed"), BulkWriter(engine) as writer:
        writer.add("organisation", [organisation(1)])
        raise RuntimeError("generator failed")
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(Organisation)) == 0


def test_the_writer_must_be_entered(engine: Engine) -> None:
    writer = BulkWriter(engine)
    writer.add("organisation", [organisation(1)])
    with pytest.raises(BulkLoadError, match="context manager"):
        writer.flush()


def test_a_writer_process_loads_the_same_rows(engine: Engine) -> None:
    batch = {
        "organisation": [organisation(1)],
        "person": [person(i) for i in range(1, 51)],
        "person_name": [person_name(i, i) for i in range(1, 51)],
    }
    counts = write_rows(engine, batch, chunk_rows=20, worker="process")
    assert counts == {"organisation": 1, "person": 50, "person_name": 50}
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(PersonName)) == 50
        new = Person(org_id=1, sex="male")
        session.add(new)
        session.flush()
        assert new.id == 51


def test_a_writer_process_reports_database_errors(engine: Engine) -> None:
    batch = {"organisation": [organisation(1), organisation(1)]}
    with pytest.raises(BulkLoadError, match="table 'organisation'"):
        write_rows(engine, batch, worker="process")


def test_a_writer_process_cannot_share_an_in_memory_database() -> None:
    from amanat.store.engine import make_engine

    engine = make_engine("sqlite://")
    with pytest.raises(BulkLoadError, match="in-memory"), BulkWriter(engine, worker="process"):
        pass

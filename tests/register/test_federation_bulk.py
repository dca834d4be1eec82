"""A write that appends its federation changes in bulk appends exactly what the trigger
would, silences the trigger for itself alone, and leaves nothing behind when it fails:
the trigger is back, no change is orphaned, and every other writer (another
connection, the same one afterwards, a plain ``sqlite3``/``psycopg`` connection) is
counted — on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from typing import Any

import psycopg
import pytest
from sqlalchemy import Connection, Engine, event, text

from amanat.register import Organisation, Person
from amanat.register.federation_bulk import write_with_changes
from amanat.store.engine import transaction

Feed = list[tuple[str, int]]


@pytest.fixture
def people(engine: Engine) -> list[int]:
    with transaction(engine) as session:
        org = Organisation(code="KZ-POL", name="Police", kind="police", country="KZ")
        session.add(org)
        session.flush()
        people = [Person(org_id=org.id, sex="female") for _ in range(3)]
        session.add_all(people)
        session.flush()
        return [p.id for p in people]


def _feed(connection: Connection, after: int = 0) -> Feed:
    rows = connection.execute(
        text(
            "SELECT record_table, record_id FROM federation_change WHERE seq > :after ORDER BY seq"
        ),
        {"after": after},
    )
    return [(str(t), int(i)) for t, i in rows]


def _last(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(text("SELECT COALESCE(MAX(seq), 0) FROM federation_change")))


def _plain(engine: Engine) -> Iterator[Any]:
    """A connection of the database's own driver, outside SQLAlchemy (a shell's)."""
    if engine.dialect.name == "sqlite":
        return closing(sqlite3.connect(str(engine.url.database)))
    url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    return psycopg.connect(url)  # type: ignore[return-value]


def _update(connection: Connection, ids: list[int]) -> None:
    for record_id in ids:
        connection.execute(
            text("UPDATE person SET version = version + 1 WHERE id = :id"), {"id": record_id}
        )


@pytest.fixture
def appended(engine: Engine) -> Iterator[list[str]]:
    """The statements run that append changes themselves (the triggers' are not seen)."""
    seen: list[str] = []

    def _seen(_c: object, _cur: object, statement: str, *_rest: object) -> None:
        if statement.startswith("INSERT INTO federation_change"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", _seen)
    yield seen
    event.remove(engine, "before_cursor_execute", _seen)


def test_a_bulk_write_appends_what_the_trigger_would(
    engine: Engine, people: list[int], appended: list[str]
) -> None:
    order = [people[2], people[0], people[1]]
    start = _last(engine)
    with engine.begin() as connection:
        _update(connection, order)  # the trigger's changes
        write_with_changes(
            connection, "person", "update", order, lambda: _update(connection, order)
        )
        assert len(appended) == 1  # one INSERT ... SELECT for the three rows
        # Silent for that one statement only: the next write is the trigger's again.
        _update(connection, people[:1])
    with _plain(engine) as plain:
        plain.execute(f"UPDATE person SET version = version + 1 WHERE id = {people[1]}")
        plain.commit()
    with engine.connect() as connection:
        feed = _feed(connection, start)
    by_trigger = [("person", i) for i in order]
    assert feed == [*by_trigger, *by_trigger, ("person", people[0]), ("person", people[1])]


def _failing(connection: Connection, ids: list[int], database_error: bool) -> None:
    _update(connection, ids)
    if database_error:  # a NOT NULL column set to NULL: the database refuses the statement
        connection.execute(text("UPDATE person SET org_id = NULL WHERE id = :id"), {"id": ids[0]})
    raise RuntimeError("the import stopped")


@pytest.mark.parametrize("database_error", [False, True])
def test_an_interrupted_bulk_write_leaves_no_change_and_the_trigger_in_place(
    engine: Engine, people: list[int], database_error: bool
) -> None:
    start = _last(engine)
    with pytest.raises(Exception) as caught, engine.begin() as connection:
        with connection.begin_nested():
            write_with_changes(
                connection,
                "person",
                "update",
                people,
                lambda: _failing(connection, people, database_error),
            )
    assert database_error or isinstance(caught.value, RuntimeError)
    with engine.connect() as connection:
        assert _feed(connection, start) == []  # nothing orphaned
    # Every writer is counted again, through the pool and through a plain connection.
    with engine.begin() as connection:
        _update(connection, people[:1])
    with _plain(engine) as plain:
        plain.execute(f"UPDATE person SET version = version + 1 WHERE id = {people[2]}")
        plain.commit()
    with engine.connect() as connection:
        assert _feed(connection, start) == [("person", people[0]), ("person", people[2])]
        if engine.dialect.name == "sqlite":
            triggers = connection.execute(
                text(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'person'"
                )
            ).scalars()
            assert set(triggers) == {"federation_insert_person", "federation_update_person"}

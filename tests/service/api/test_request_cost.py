"""What a request costs the database: the hot reads stay a few statements, so the
service keeps its throughput (see benchmarks/service_load.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, event
from tests.service.api.conftest import CASE, Caller

Api = Callable[[str], Caller]


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        seen.append(" ".join(statement.split()[:4]))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_a_read_is_one_select_and_one_audit_append(api: Api, engine: Engine) -> None:
    investigator = api("kz-investigator")
    case = investigator.create("/cases", {**CASE, "charges": [{"country": "KZ", "article": "128"}]})
    assert investigator.get(f"/cases/{case['id']}").status_code == 200  # the token, once
    with statements(engine) as seen:
        read = investigator.get(f"/cases/{case['id']}", params={"purpose": "checking"})
    assert read.status_code == 200 and read.json()["charges"][0]["article"] == "128"
    # The record with its charges, then the entry: on PostgreSQL queued, with no lock
    # (the database chains it as the transaction commits); on SQLite after a no-op
    # write that takes the write lock and a read of the chain's end.  No token lookup,
    # no second read of the record.
    postgres = engine.dialect.name == "postgresql"
    assert len(seen) == (2 if postgres else 4), seen
    assert seen[0].startswith("SELECT case_file.id")
    assert seen[-1].startswith("INSERT INTO audit_queue" if postgres else "INSERT INTO audit_entry")
    assert not any("pg_advisory_xact_lock" in statement for statement in seen)


def test_a_search_appends_its_hits_in_one_statement(api: Api, engine: Engine) -> None:
    investigator = api("kz-investigator")
    for name in ("Джуманбеков Ерлан", "Jumanbekov Erlan", "Dzhumanbekov Erlan"):
        investigator.create("/people", {"names": [{"full_name": name}]})
    search = {"q": "Джуманбеков Ерлан", "purpose": "screening"}
    with statements(engine) as seen:
        hits = investigator.get("/people/search", params=search)
    assert hits.status_code == 200 and len(hits.json()) == 3
    inserts = [
        s for s in seen if s.startswith(("INSERT INTO audit_entry", "INSERT INTO audit_queue"))
    ]
    assert len(inserts) == 1, seen  # the search and its three hits

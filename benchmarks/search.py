"""Grouped people search (issue 15) over the `large` region in PostgreSQL.

    python benchmarks/search.py --sqlite /work/shared-bench/large.sqlite
    python benchmarks/search.py --url postgresql://...   # a register already loaded

With ``--sqlite`` a throwaway PostgreSQL server is started and the region's people are
copied into it from the SQLite file, which is opened immutable and never written:
organisations, sharing groups, persons, their names, phones and documents (what the
search reads).  The name search keys are written afresh by this version's key function
(the file may hold an older version's).  Canonical entities come from the region's
ground truth (``large.ground-truth.csv`` beside the file): every group of two or more
records of one identity is one entity, as a perfect resolution run would draw them, so
the rows group as many records as they can.

An analyst of the organisation that owns most person records searches, for a stated
purpose, ``--queries`` names drawn with a fixed seed from the records it may see: the
full name as one agency wrote it and the surname alone, in turn.  Each search is one
transaction, committed, audit entries included, through ``person.search_grouped``;
``person.search`` (ungrouped) runs the same queries in the same process as the
baseline.  Then phone numbers of visible records, typed as digits only, through the
grouped search.  Reported: medians and 90th percentiles, rows and records shown, and the
load average (the machine is shared).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import sqlite3
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, func, select

from amanat.access import passwords
from amanat.access.models import User
from amanat.access.roles import Role
from amanat.access.visibility import Viewer, visible
from amanat.actions.actor import Actor, Credential
from amanat.actions.door import Context
from amanat.actions.people.grouped import search_grouped
from amanat.actions.people.search import search_people
from amanat.register import Person, PersonName, PersonPhone
from amanat.register.name_key import stored_keys
from amanat.store.bulk import settle
from amanat.store.engine import make_engine, transaction

QUERIES = 60
REPEATS = 3
SEED = 15
PURPOSE = "benchmark: grouped search"
# The tables the search reads, in foreign-key order.
TABLES = (
    "organisation",
    "sharing_group",
    "sharing_group_member",
    "person",
    "person_name",
    "person_phone",
    "identity_document",
)
BATCH = 50_000


def _columns(pg: Any, table: str) -> list[str]:
    with pg.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s", (table,)
        )
        return [row[0] for row in cursor.fetchall()]


def _copy(pg: Any, table: str, columns: list[str], rows: Iterator[tuple[Any, ...]]) -> int:
    quoted = ", ".join(f'"{c}"' for c in columns)
    count = 0
    with pg.cursor() as cursor, cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _rows(lite: sqlite3.Connection, sql: str) -> Iterator[tuple[Any, ...]]:
    cursor = lite.execute(sql)
    while batch := cursor.fetchmany(BATCH):
        yield from batch


def load(engine: Engine, source: Path) -> dict[str, int]:
    """Copy the people of the SQLite region into the (migrated, empty) PostgreSQL one."""
    lite = sqlite3.connect(f"file:{source}?immutable=1", uri=True)
    counts: dict[str, int] = {}
    raw = engine.raw_connection()
    pg: Any = raw.driver_connection
    try:
        with pg.cursor() as cursor:
            cursor.execute("SET TIME ZONE 'UTC'")
            cursor.execute("SET session_replication_role = replica")  # no FK triggers
        for table in TABLES:
            here = {row[1] for row in lite.execute(f'PRAGMA table_info("{table}")')}
            columns = [c for c in _columns(pg, table) if c in here]
            quoted = ", ".join(f'"{c}"' for c in columns)
            counts[table] = _copy(
                pg, table, columns, _rows(lite, f'SELECT {quoted} FROM "{table}"')
            )
        protected = {pid for (pid,) in lite.execute("SELECT id FROM person WHERE is_protected")}
        names = _rows(lite, "SELECT id, person_id, full_name FROM person_name ORDER BY id")
        keys = (
            (name_id, person_id, key)
            for name_id, person_id, full_name in names
            if person_id not in protected
            for key in stored_keys(full_name or "")
        )
        counts["person_name_key"] = _copy(
            pg, "person_name_key", ["name_id", "person_id", "key"], keys
        )
        counts["resolution_entity"] = _copy(
            pg,
            "resolution_entity",
            ["record_kind", "record_id", "entity_id", "assigned_at"],
            _entities(source.with_name(source.stem + ".ground-truth.csv")),
        )
        with pg.cursor() as cursor:
            for table in ("organisation", "person", "person_name", "person_name_key"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f'COALESCE(MAX(id), 0) + 1, false) FROM "{table}"'
                )
            cursor.execute("RESET session_replication_role")
        pg.commit()
    finally:
        raw.close()
        lite.close()
    settle(engine)
    return counts


def _entities(truth: Path) -> Iterator[tuple[str, int, int, str]]:
    """(kind, record, entity, when): records of one identity, two or more, as one entity."""
    members: dict[str, list[int]] = defaultdict(list)
    with truth.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["record_kind"] == "person":
                members[row["identity_id"]].append(int(row["record_id"]))
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    for records in members.values():
        if len(records) > 1:
            entity = min(records)
            for record in records:
                yield "person", record, entity, now


def analyst(engine: Engine) -> User:
    """An analyst of the organisation that owns most person records."""
    with transaction(engine) as session:
        org_id = session.execute(
            select(Person.org_id).group_by(Person.org_id).order_by(func.count().desc()).limit(1)
        ).scalar_one()
        user = User(
            org_id=org_id,
            username=f"search-benchmark-{os.getpid()}",
            display_name="Benchmark analyst",
            role="analyst",
            language="en",
            password_hash=passwords.hash_password("not used: the benchmark acts directly"),
        )
        session.add(user)
        session.flush()
        session.expunge(user)
        return user


def queries(engine: Engine, user: User, count: int) -> list[str]:
    """Full names and surnames alone, in turn, of records the analyst may see."""
    viewer = Viewer(user.id, user.org_id, Role(user.role))
    with transaction(engine) as session:
        names = session.scalars(
            select(PersonName.full_name)
            .join(Person, Person.id == PersonName.person_id)
            .where(visible(Person, viewer), Person.is_protected.is_(False))
            .order_by(PersonName.id)
            .limit(20_000)
        ).all()
    drawn = random.Random(SEED).sample(list(names), count)
    return [name if i % 2 == 0 else name.split()[0] for i, name in enumerate(drawn)]


def phones(engine: Engine, user: User, count: int) -> list[str]:
    """Phone numbers of records the analyst may see, typed as digits only (as another
    agency may have written them): the search compares them in E.164."""
    viewer = Viewer(user.id, user.org_id, Role(user.role))
    with transaction(engine) as session:
        numbers = session.scalars(
            select(PersonPhone.number)
            .join(Person, Person.id == PersonPhone.person_id)
            .where(visible(Person, viewer), Person.is_protected.is_(False))
            .order_by(PersonPhone.id)
            .limit(5_000)
        ).all()
    drawn = random.Random(SEED).sample(list(numbers), min(count, len(numbers)))
    return ["".join(c for c in number if c.isdigit()) for number in drawn]


def timed(
    engine: Engine, user: User, run: Callable[[Context, str], Any], texts: list[str]
) -> tuple[list[float], list[Any]]:
    times, answers = [], []
    for text in texts:
        start = time.perf_counter()
        with transaction(engine) as session:
            answer = run(Context(session, Actor(Credential.command_line, user)), text)
        times.append((time.perf_counter() - start) * 1000)
        answers.append(answer)
    return times, answers


def measure(url: str, count: int, repeats: int) -> dict[str, Any]:
    engine = make_engine(url)
    user = analyst(engine)
    texts = queries(engine, user, count)

    def grouped(ctx: Context, text: str) -> Any:
        return search_grouped(ctx, text, PURPOSE)

    def plain(ctx: Context, text: str) -> Any:
        return search_people(ctx, text, PURPOSE)

    load_before = os.getloadavg()[0]
    # Warm: statements prepared, and the pages every query reads in the server's cache (a
    # region just loaded is read from disk the first time: that is not what is measured).
    timed(engine, user, grouped, texts)
    timed(engine, user, plain, texts)
    grouped_ms: list[float] = []
    plain_ms: list[float] = []
    answers: list[Any] = []
    for _ in range(repeats):  # interleaved, so the machine's load falls on both alike
        times, answers = timed(engine, user, grouped, texts)
        grouped_ms += times
        plain_ms += timed(engine, user, plain, texts)[0]
    numbers = phones(engine, user, max(count // 3, 1))
    timed(engine, user, grouped, numbers)
    phone_ms, found = timed(engine, user, grouped, numbers * repeats)
    rows = [len(a) for a in answers]
    records = [sum(len(r.records) for r in a) for a in answers]
    with transaction(engine) as session:
        people = session.scalar(select(func.count()).select_from(Person))
    engine.dispose()
    return {
        "backend": "postgresql",
        "persons": people,
        "queries": len(texts),
        "repeats": repeats,
        "grouped_median_ms": round(statistics.median(grouped_ms), 2),
        "grouped_p90_ms": round(statistics.quantiles(grouped_ms, n=10)[-1], 2),
        "ungrouped_median_ms": round(statistics.median(plain_ms), 2),
        "grouped_vs_ungrouped": round(
            statistics.median(grouped_ms) / statistics.median(plain_ms), 2
        ),
        "rows_median": statistics.median(rows),
        "records_shown_median": statistics.median(records),
        "phone_queries": len(numbers),
        "phone_median_ms": round(statistics.median(phone_ms), 2),
        "phone_queries_finding_someone": sum(1 for a in found[: len(numbers)] if a),
        "rows_with_several_records": sum(1 for a in answers for r in a if len(r.records) > 1),
        "load_average_before": round(load_before, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--sqlite", type=Path, help="a demo region's SQLite file (only read)")
    where.add_argument("--url", help="a PostgreSQL register already holding a region")
    parser.add_argument("--queries", type=int, default=QUERIES)
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()
    if args.url:
        result = measure(args.url, args.queries, args.repeats)
    else:
        from amanat.store.migrate import upgrade
        from amanat.store.postgres import temporary_postgres

        with temporary_postgres() as url:
            engine = make_engine(url)
            upgrade(engine)
            started = time.perf_counter()
            counts = load(engine, args.sqlite)
            loaded_s = time.perf_counter() - started
            engine.dispose()
            result = measure(url, args.queries, args.repeats)
            result |= {"load_s": round(loaded_s, 1), **{f"rows_{k}": v for k, v in counts.items()}}
    table = Table("figure", "value", title="Grouped people search")
    for key, value in result.items():
        table.add_row(key, str(value))
    Console(width=120).print(table)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(result, out, indent=2)


if __name__ == "__main__":
    main()

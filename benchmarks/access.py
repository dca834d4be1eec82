"""Access-layer benchmark: a filtered case search under the visibility rule, and
audit-trail appends.

    python benchmarks/access.py --database sqlite:///var/large.sqlite
    python benchmarks/access.py --database postgresql://...   # the same region on PostgreSQL
    python benchmarks/access.py --postgres-size large  # a throwaway PostgreSQL, loaded first

Reports the median of repeated runs of the same search with and without the
visibility filter (and their ratio, measured in the same process), and audit
appends per second: one entry per transaction (a single audited read) and 100 per
transaction (a page of results).  The database is left as it was: the appends run in
transactions that are rolled back.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from amanat.access import audit_store
from amanat.access.roles import Role
from amanat.access.visibility import Viewer, visible
from amanat.register import Case, Organisation
from amanat.store.engine import make_engine, session_factory

REPEATS = 31


def median_ms(run: Callable[[], object], repeats: int = REPEATS) -> float:
    run()  # warm the caches once; the medians are of warm runs
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def search(session: Session, viewer: Viewer | None, jurisdiction: str) -> list[Any]:
    """The cases of a country and type opened in a period, newest first: the list an
    investigator opens most often."""
    query = (
        select(Case.id, Case.case_number, Case.opened_on, Case.status)
        .where(
            Case.case_type == "tip",
            Case.jurisdiction == jurisdiction,
            Case.opened_on >= dt.date(2016, 1, 1),
            Case.opened_on < dt.date(2023, 1, 1),
        )
        .order_by(Case.opened_on.desc(), Case.id.desc())
        .limit(50)
    )
    if viewer is not None:
        query = query.where(visible(Case, viewer))
    return list(session.execute(query))


def pick_viewer(session: Session) -> tuple[Viewer, str]:
    """An analyst of the regional centre (it sees shared records from many agencies),
    searching the country with the most cases."""
    centre = session.scalar(
        select(Organisation.id).where(Organisation.kind == "regional_centre").limit(1)
    ) or session.scalar(select(Organisation.id).limit(1))
    busiest = session.execute(
        select(Case.jurisdiction, func.count())
        .group_by(Case.jurisdiction)
        .order_by(func.count().desc())
    ).first()
    assert centre is not None and busiest is not None, "the database holds no region"
    return Viewer(user_id=0, org_id=centre, role=Role.analyst), str(busiest[0])


def audit_rate(engine: Engine, entries: int, per_transaction: int) -> float:
    factory = session_factory(engine)
    start = time.perf_counter()
    done = 0
    while done < entries:
        with factory() as session:
            session.begin()
            for _ in range(per_transaction):
                audit_store.append(
                    session,
                    "read",
                    user_id=1,
                    org_id=1,
                    target_kind="case",
                    target_id=done,
                    detail={"owner_org_id": 2, "protected": False},
                )
                done += 1
            session.flush()
            session.rollback()  # measure the append path, leave the trail as it was
    return done / (time.perf_counter() - start)


def run(url: str) -> dict[str, Any]:
    engine = make_engine(url)
    with session_factory(engine)() as session:
        viewer, country = pick_viewer(session)
        visible_rows = len(search(session, viewer, country))
        with_filter = median_ms(lambda: search(session, viewer, country))
        without_filter = median_ms(lambda: search(session, None, country))
        cases = session.scalar(select(func.count()).select_from(Case))
    return {
        "backend": engine.dialect.name,
        "cases": cases,
        "country": country,
        "rows_returned": visible_rows,
        "search_median_ms": round(with_filter, 2),
        "search_without_visibility_median_ms": round(without_filter, 2),
        "visibility_overhead_ratio": round(with_filter / without_filter, 2),
        "audit_appends_per_s_1_per_tx": round(audit_rate(engine, 2_000, 1)),
        "audit_appends_per_s_100_per_tx": round(audit_rate(engine, 20_000, 100)),
    }


def run_on_fresh_postgres(size: str) -> dict[str, Any]:
    import tempfile
    from pathlib import Path

    from amanat.demo.region import build_region
    from amanat.store.migrate import upgrade
    from amanat.store.postgres import temporary_postgres

    with temporary_postgres() as url, tempfile.TemporaryDirectory() as folder:
        engine = make_engine(url)
        upgrade(engine)
        build_region(engine, size, 1, Path(folder) / "truth.csv")
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
        engine.dispose()
        return run(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", action="append", default=[], help="URL; repeatable")
    parser.add_argument(
        "--postgres-size", help="also load this demo size into a throwaway PostgreSQL and run there"
    )
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()
    results = [run(url) for url in args.database]
    if args.postgres_size:
        results.append(run_on_fresh_postgres(args.postgres_size))
    table = Table(*results[0].keys(), title="Access layer")
    for result in results:
        table.add_row(*(str(v) for v in result.values()))
    Console(width=200).print(table)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(results, out, indent=2)


if __name__ == "__main__":
    main()

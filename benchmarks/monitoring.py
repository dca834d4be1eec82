"""Monitoring benchmark: each analysis of `amanat.analyze` over a demo region.

    python benchmarks/monitoring.py --database sqlite:///var/large.sqlite
    python benchmarks/monitoring.py --size large --cache var/bench   # builds it once (~4 min)

Target (issue): each analysis over the large region (>= 1M person records, >= 200k
cases, >= 2M pipeline events) in < 10 s on the 2-core machine, and a 5,000-node
network neighbourhood ready to draw interactively — timed both as the analysis
(cut, layout, labels) and as the web endpoint the graph page fetches.

The viewer is an analyst of the Almaty regional centre, who sees the most of the
region (community records and those of its sharing groups).  Each analysis is run
``--repeats`` times; the first run (cold: imports, mapper set-up, page cache) and
the median of the others are reported, with CPU seconds, since the machine is
shared and wall time moves with whatever else runs.  Analyses are given for the
question users ask most (one country, one case type, a decade) and for the whole
region, the worst case.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, select

from amanat.access.roles import Role
from amanat.access.visibility import Viewer
from amanat.analyze.scope import Scope
from amanat.register import Organisation
from amanat.store.engine import make_engine

VIEWER_ORG = "RC-ALMATY"
BENCH_USER = "benchmark.monitoring"
TARGET_S = 10.0


def ensure_region(size: str, cache: Path) -> str:
    """A demo region of ``size`` in ``cache``, built on first use."""
    from amanat.demo.region import build_region
    from amanat.store.migrate import upgrade

    path = cache / f"monitoring-{size}.sqlite"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        engine = make_engine(f"sqlite:///{partial}")
        upgrade(engine)
        print(f"building the {size} demo region in {path} (once) ...", flush=True)
        build_region(engine, size, 1, cache / f"monitoring-{size}.truth.csv")
        engine.dispose()
        partial.rename(path)
    return f"sqlite:///{path}"


def viewer(engine: Engine) -> Viewer:
    with engine.connect() as connection:
        org_id = connection.execute(
            select(Organisation.id).where(Organisation.code == VIEWER_ORG)
        ).scalar_one()
    return Viewer(0, int(org_id), Role.analyst)


def measure(run: Callable[[], Any], repeats: int) -> dict[str, float]:
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    warm = walls[1:] or walls
    return {
        "cold_s": walls[0],
        "median_s": statistics.median(warm),
        "cpu_s": statistics.median(cpus[1:] or cpus),
    }


def analyses(engine: Engine, who: Viewer, as_of: dt.date) -> dict[str, Callable[[], Any]]:
    from amanat.analyze.flow_view import flow_view
    from amanat.analyze.justice import justice_view
    from amanat.analyze.network.analysis import analyse_networks
    from amanat.analyze.network.overlap import cross_type
    from amanat.analyze.report.build import ReportRequest, render_html
    from amanat.analyze.statistics import indicator_tables

    kz_tip = Scope(who, country="KZ", case_type="tip", year_from=2015, year_to=2024, as_of=as_of)
    region = Scope(who, as_of=as_of)
    kz_2024 = Scope(who, country="KZ", year_from=2024, year_to=2024, as_of=as_of)

    def networks(scope: Scope) -> Callable[[], Any]:
        return lambda: cross_type(engine, scope, analyse_networks(engine, scope))

    def published(scope: Scope) -> Callable[[], Any]:
        return lambda: [t.published() for t in indicator_tables(engine, scope)]

    return {
        "pipeline KZ tip 2015-2024": lambda: justice_view(engine, kz_tip),
        "pipeline region": lambda: justice_view(engine, region),
        "flows KZ 2015-2024": lambda: flow_view(engine, kz_tip.narrowed(case_type=None)),
        "flows region": lambda: flow_view(engine, region),
        "networks KZ tip (graph of the region)": networks(kz_tip),
        "networks region": networks(region),
        "statistics KZ 2024 (suppressed)": published(kz_2024),
        "statistics region 2024 (suppressed)": published(
            region.narrowed(year_from=2024, year_to=2024)
        ),
        "report KZ 2024 internal (HTML)": lambda: render_html(
            engine, ReportRequest(Scope(who, country="KZ", as_of=as_of), 2024, "ru", internal=True)
        ),
    }


def neighbourhood(engine: Engine, who: Viewer, limit: int) -> dict[str, Any]:
    """Time to cut and lay out a neighbourhood of ``limit`` nodes from the largest network."""
    from amanat.analyze.network.analysis import analyse_networks
    from amanat.analyze.network.view import neighbourhood as cut
    from amanat.analyze.network.view import view_json

    scope = Scope(who)
    found = analyse_networks(engine, scope, top=1)
    key = found.networks[0].brokers[0].key
    centre = int(key.split(":")[1])
    vertex = found.graph.vertex("person", centre)
    assert vertex is not None
    start = time.perf_counter()
    payload = view_json(engine, scope, found.graph, cut(found.graph, vertex, limit))
    took = time.perf_counter() - start
    return {
        "centre": key,
        "nodes": len(payload["nodes"]),
        "edges": len(payload["edges"]),
        "seconds": took,
        "json_kib": len(json.dumps(payload)) / 1024,
    }


def largest_broker(engine: Engine, who: Viewer) -> str:
    """The top broker of the largest network: the centre both figures start from."""
    from amanat.analyze.network.analysis import analyse_networks

    return analyse_networks(engine, Scope(who), top=1).networks[0].brokers[0].key


def endpoint(engine: Engine, who: Viewer, centre: str, limit: int, repeats: int) -> dict[str, Any]:
    """The web app's network endpoint itself, ``GET /monitor/networks/graph.json``, as
    an analyst of the viewer's organisation: the graph loaded, the neighbourhood cut,
    laid out, labelled, audited and sent as JSON — what the browser waits for."""
    import base64

    from fastapi.testclient import TestClient
    from itsdangerous import TimestampSigner

    from amanat.access.models import User
    from amanat.service.app import create_app
    from amanat.service.settings import ServiceSettings
    from amanat.store.engine import transaction

    secret = "benchmark-only"
    with transaction(engine) as session:
        user = session.scalars(select(User).where(User.username == BENCH_USER)).first()
        if user is None:  # a user to sign in as; a benchmark region has none
            user = User(
                org_id=who.org_id,
                username=BENCH_USER,
                display_name="Monitoring benchmark",
                role=Role.analyst.value,
                language="en",
                password_hash="!",  # no password signs in as this user
            )
            session.add(user)
            session.flush()
        user_id = user.id
    app = create_app(
        engine=engine, settings=ServiceSettings(secret_key=secret, secure_cookies=False)
    )
    cookie = TimestampSigner(secret).sign(
        base64.b64encode(json.dumps({"user_id": user_id}).encode())
    )
    url = f"/monitor/networks/graph.json?around={centre}&limit={limit}"
    answers: list[bytes] = []
    with TestClient(app) as client:
        client.cookies.set("amanat_session", cookie.decode())

        def fetch() -> None:
            answer = client.get(url)
            answer.raise_for_status()
            answers[:] = [answer.content]

        figures: dict[str, Any] = dict(measure(fetch, repeats))
    payload = json.loads(answers[0])
    figures.update(
        nodes=len(payload["nodes"]), edges=len(payload["edges"]), json_kib=len(answers[0]) / 1024
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="URL of a register holding a demo region")
    parser.add_argument("--size", default="large", help="build this demo size when no --database")
    parser.add_argument("--cache", default="var/bench", help="where a built region is kept")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", help="run the analyses whose name contains this")
    parser.add_argument("--as-of", default="2025-09-30", help="analysis date (the demo's horizon)")
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()
    url = args.database or ensure_region(args.size, Path(args.cache))
    engine = make_engine(url)
    who = viewer(engine)
    results: dict[str, Any] = {
        "database": url,
        "cores": os.cpu_count(),
        "load": os.getloadavg(),
        "analyses": {},
    }
    table = Table(
        "analysis", "cold s", "median s", "cpu s", "< 10 s", title=f"Monitoring over {url}"
    )
    for name, run in analyses(engine, who, dt.date.fromisoformat(args.as_of)).items():
        if args.only and args.only not in name:
            continue
        figures = measure(run, args.repeats)
        results["analyses"][name] = figures
        table.add_row(
            name,
            f"{figures['cold_s']:.2f}",
            f"{figures['median_s']:.2f}",
            f"{figures['cpu_s']:.2f}",
            "yes" if figures["median_s"] < TARGET_S else "NO",
        )
    console = Console(width=140)
    console.print(table)
    if not args.only or "neighbourhood" in args.only:
        hood = neighbourhood(engine, who, 5_000)
        results["neighbourhood"] = hood
        console.print(
            f"5,000-node neighbourhood: {hood['nodes']:,} nodes, {hood['edges']:,} edges, "
            f"{hood['seconds']:.2f} s to cut, lay out and label, "
            f"{hood['json_kib']:,.0f} KiB of JSON"
        )
    if not args.only or "endpoint" in args.only:
        centre = results.get("neighbourhood", {}).get("centre") or largest_broker(engine, who)
        web = endpoint(engine, who, centre, 5_000, args.repeats)
        results["endpoint"] = web
        console.print(
            f"GET /monitor/networks/graph.json (5,000 nodes): {web['nodes']:,} nodes, "
            f"{web['edges']:,} edges, {web['json_kib']:,.0f} KiB; cold {web['cold_s']:.2f} s, "
            f"median {web['median_s']:.2f} s, {web['cpu_s']:.2f} CPU s"
        )
    results["load_after"] = os.getloadavg()
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()

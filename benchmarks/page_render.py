"""Web app benchmark: how long a case page takes to render, on SQLite.

    python benchmarks/page_render.py --database sqlite:///var/demo.sqlite
    python benchmarks/page_render.py --build small        # builds a demo region first
    python benchmarks/page_render.py --build small --profile   # where the time goes

Works on a copy of the database (each page view appends to the audit trail, and the
benchmark adds its own users), so the database given is left as it was.  Each case
is viewed by an investigator of the organisation that owns it.

Reports, through the whole stack (session cookie, transaction, audited reads,
templates; in-process, without a network):

- the median over a sample of case pages (``--sample`` cases drawn with a fixed
  seed, each viewed ``--rounds`` times): what a user typically waits for;
- the median of repeated views of the busiest case (the most pipeline events,
  people, victims and seizures): the worst case;
- measured in the same process, the median of a trivial page through the same stack
  (the login page) and of rendering a trivial template alone, with the ratios of the
  typical case page to each.
"""

from __future__ import annotations

import argparse
import base64
import cProfile
import json
import pstats
import random
import secrets
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from itsdangerous import TimestampSigner
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, func, select

from amanat.access import passwords, sessions
from amanat.access.models import User
from amanat.access.vault import generate_master_key
from amanat.register import Case, CaseRole, PipelineEvent, Seizure, Victim
from amanat.service.app import create_app
from amanat.service.settings import ServiceSettings
from amanat.service.web import SESSION_COOKIE
from amanat.service.web.page import SESSION_KEY
from amanat.service.web.rendering import environment
from amanat.store.engine import make_engine, sqlite_path, transaction

REPEATS = 51
SAMPLE = 60
ROUNDS = 3
SEED = 7


def median_ms(run: Callable[[], object], repeats: int = REPEATS) -> float:
    for _ in range(3):
        run()  # warm: templates compiled, caches filled; the medians are of warm runs
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def build(size: str, folder: Path) -> Path:
    from amanat.demo.region import build_region
    from amanat.store.migrate import upgrade

    path = folder / f"demo-{size}.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    build_region(engine, size, 1, folder / "ground-truth.csv")
    engine.dispose()
    return path


def busiest_case(engine: Engine) -> tuple[int, int, dict[str, int]]:
    """The case with the most linked records: (case id, owner org id, link counts)."""
    with transaction(engine) as session:
        links: dict[int, int] = {}
        for model in (PipelineEvent, CaseRole, Victim, Seizure):
            rows = session.execute(
                select(model.case_id, func.count()).group_by(model.case_id)
            ).all()
            for case_id, count in rows:
                if case_id is not None:
                    links[case_id] = links.get(case_id, 0) + count
        case_id = max(links, key=lambda key: links[key])
        case = session.get(Case, case_id)
        assert case is not None
        counts = {
            model.__tablename__: int(
                session.scalar(select(func.count()).where(model.case_id == case_id)) or 0
            )
            for model in (PipelineEvent, CaseRole, Victim, Seizure)
        }
        return case_id, case.org_id, counts


def add_viewers(engine: Engine, org_ids: set[int]) -> dict[int, int]:
    """An investigator in each organisation: org id -> user id."""
    password = passwords.hash_password(secrets.token_urlsafe(16))  # one hash: argon2 is slow
    made = {}
    with transaction(engine) as session:
        for org_id in sorted(org_ids):
            user = User(
                org_id=org_id,
                username=f"page-render-benchmark-{org_id}",
                display_name="Benchmark investigator",
                role="investigator",
                language="en",
                password_hash=password,
            )
            session.add(user)
            session.flush()
            made[org_id] = user.id
    return made


def sample_cases(engine: Engine, size: int) -> list[tuple[int, int]]:
    """(case id, owner org id) of ``size`` cases drawn with a fixed seed."""
    with transaction(engine) as session:
        rows = [(int(a), int(b)) for a, b in session.execute(select(Case.id, Case.org_id))]
    return random.Random(SEED).sample(rows, min(size, len(rows)))


def session_cookie(engine: Engine, secret: str, user_id: int) -> str:
    """A new server-held session for the user, in the cookie a sign-in sets."""
    with transaction(engine) as session:
        key = sessions.open_session(session, user_id)
    data = base64.b64encode(json.dumps({SESSION_KEY: key}).encode())
    return TimestampSigner(secret).sign(data).decode()


def run(database: Path, repeats: int, sample: int, rounds: int, profile: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "register.sqlite"
        shutil.copyfile(database, copy)
        engine = make_engine(f"sqlite:///{copy}")
        busiest, busiest_org, counts = busiest_case(engine)
        cases = sample_cases(engine, sample)
        viewers = add_viewers(engine, {org for _, org in cases} | {busiest_org})
        secret = secrets.token_urlsafe(32)
        settings = ServiceSettings(secret_key=secret, secure_cookies=False)
        app = create_app(engine=engine, settings=settings)
        app.state.master_key = generate_master_key()
        cookies = {org: session_cookie(engine, secret, user) for org, user in viewers.items()}
        with TestClient(app, follow_redirects=False) as client:

            def view(case_id: int, org_id: int) -> None:
                client.cookies.clear()
                client.cookies.set(SESSION_COOKIE, cookies[org_id])
                answer = client.get(f"/cases/{case_id}")
                assert answer.status_code == 200, f"case {case_id} did not render"

            for case_id, org_id in cases[:3]:
                view(case_id, org_id)  # warm: templates compiled, caches filled
            typical = []
            for _ in range(rounds):
                for case_id, org_id in cases:
                    start = time.perf_counter()
                    view(case_id, org_id)
                    typical.append((time.perf_counter() - start) * 1000)
            typical_ms = statistics.median(typical)
            busiest_ms = median_ms(lambda: view(busiest, busiest_org), repeats)
            anonymous = TestClient(app)
            trivial = environment("en").from_string("<p>{{ _('Case') }} {{ n }}</p>")
            login_ms = median_ms(lambda: anonymous.get("/login"), repeats)
            template_ms = median_ms(lambda: trivial.render(n=1), repeats)
            if profile:
                profiler = cProfile.Profile()
                profiler.enable()
                for _ in range(20):
                    view(busiest, busiest_org)
                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        engine.dispose()
    return {
        "backend": "sqlite",
        "cases_sampled": len(cases),
        "case_page_median_ms": round(typical_ms, 2),
        "case_page_p90_ms": round(statistics.quantiles(typical, n=10)[-1], 2),
        "busiest_case": busiest,
        **{f"busiest_{name}s": count for name, count in counts.items()},
        "busiest_case_median_ms": round(busiest_ms, 2),
        "login_page_median_ms": round(login_ms, 2),
        "trivial_template_median_ms": round(template_ms, 4),
        "case_vs_login_page": round(typical_ms / login_ms, 2),
        "case_vs_trivial_template": round(typical_ms / template_ms, 1),
    }


def journeys(database: Path, repeats: int) -> dict[str, Any]:
    """Every page of the journeys, as the role that uses it (``journey_pages``)."""
    import journey_pages  # beside this script
    from amanat.store.migrate import upgrade

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "register.sqlite"
        shutil.copyfile(database, copy)
        engine = make_engine(f"sqlite:///{copy}")
        upgrade(engine)  # a region built before the latest tables (alert_ack) gets them
        secret = secrets.token_urlsafe(32)
        settings = ServiceSettings(secret_key=secret, secure_cookies=False)
        app = create_app(engine=engine, settings=settings)
        app.state.master_key = generate_master_key()

        def cookie(user_id: int) -> tuple[str, str]:
            return SESSION_COOKIE, session_cookie(engine, secret, user_id)

        with TestClient(app, follow_redirects=False) as client:
            rows = list(journey_pages.measure(client, cookie, engine, repeats))
        engine.dispose()
    missing = [f"{r['role']}: {r['page']}" for r in rows if "median_ms" not in r]
    assert not missing, f"pages that did not answer 200: {missing}"
    medians = [r["median_ms"] for r in rows]
    firsts = [r["first_ms"] for r in rows]
    return {
        "pages": rows,
        "pages_measured": len(rows),
        "median_of_medians_ms": round(statistics.median(medians), 2),
        "slowest_warm_ms": max(medians),
        "slowest_first_ms": max(firsts),
        "warm_all_under_100_ms": max(medians) < 100,
        "first_all_under_100_ms": max(firsts) < 100,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--database", help="a SQLite URL of a demo region")
    source.add_argument("--build", choices=("tiny", "small", "medium"), help="build one first")
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--sample", type=int, default=SAMPLE, help="case pages sampled")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="views of each sampled case")
    parser.add_argument("--profile", action="store_true", help="print where the time goes")
    parser.add_argument(
        "--journeys", action="store_true", help="every role's daily pages (journey_pages.py)"
    )
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if args.build:
            database = build(args.build, Path(folder))
        else:
            found = sqlite_path(args.database)
            if found is None:
                parser.error("--database must be a SQLite file URL")
            database = found
        if args.journeys:
            result: Any = journeys(database, args.repeats)
            table = Table(
                "role",
                "page",
                "url",
                "first view ms",
                "warm ms",
                "first view CPU ms",
                "warm CPU ms",
                title="The journeys' pages",
            )
            for row in result["pages"]:
                cells = (
                    *(row[k] for k in ("role", "page", "url", "first_ms", "median_ms")),
                    *(row[k] for k in ("first_cpu_ms", "cpu_ms")),
                )
                table.add_row(*(str(cell) for cell in cells))
            summary = {k: v for k, v in result.items() if k != "pages"}
            table.caption = ", ".join(f"{k}: {v}" for k, v in summary.items())
        else:
            result = run(database, args.repeats, args.sample, args.rounds, args.profile)
            table = Table(*result.keys(), title="Case page render")
            table.add_row(*(str(v) for v in result.values()))
    Console(width=240).print(table)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(result, out, indent=2)


if __name__ == "__main__":
    main()

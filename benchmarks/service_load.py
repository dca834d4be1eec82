"""Load on the REST API: 50 concurrent clients doing a realistic mix, and the same
clients against a bare FastAPI endpoint served the same way.

    .venv/bin/python benchmarks/service_load.py --url postgresql://... [--json out.json]
    .venv/bin/python benchmarks/service_load.py --demo medium     # a throwaway PostgreSQL

``--url`` names a register holding a demo region (``amanat demo-data --size large``).
The script adds benchmark users (``bench-NN``: investigators of the organisations with
the most cases, one API token each), writes name keys the demo lacks, serves the API
with uvicorn (``amanat.cli.serve.run``) on loopback, and runs the clients:

- the mix: search people by name (names of people the user may see, every other one
  written in the other script, with a purpose), read a case, read a person (with a
  purpose), add a pipeline event to a case of the user's organisation;
- closed loop: each client sends its next request as soon as the last is answered
  (the most the service does); with ``--rate``, also an open loop at that many
  requests/s (latency counted from when a request was due, so queueing shows);
- baseline: ``GET /ping`` of a bare FastAPI app (a synchronous route, like the API's),
  same uvicorn and workers, same clients; the ratio says what the register, the
  access layer and the audit trail cost.

Reported: throughput, p50/p95/p99 latency per operation, the server's CPU per request
(what a request costs, whatever else the machine runs) and, when the database is a
PostgreSQL on this machine, its CPU per request (the postmaster and its backends), the
audit entries written, and whether every read was audited (one ``read`` entry per case
or person read).  With ``--demo`` and ``--statements`` the server loads
pg_stat_statements and the costliest statements are listed, per request.
Loopback only; every phase is bounded in time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.util
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI
from sqlalchemy import Engine, func, select, text

from load_client import HOST, Connection, Plan, Request, Sample, figures, run_clients

# The baseline: one trivial endpoint, synchronous like the API's own routes.
bare_app = FastAPI()


@bare_app.get("/ping")
def ping() -> dict[str, str]:
    return {"status": "ok"}


MIX = {"search": 25, "case": 30, "person": 30, "event": 15}
READS = ("case", "person")
STAGES = ("investigation_opened", "suspect_identified", "arrested", "charged")


# -- servers -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serving(
    command: list[str],
    port: int,
    health: str,
    env: dict[str, str] | None = None,
    wait: float = 60.0,
) -> Iterator[int]:
    process = subprocess.Popen(command, start_new_session=True, env=env, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + wait
        while not _answers(port, health):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server at port {port} did not start")
            time.sleep(0.3)
        yield process.pid  # the server's process group: uvicorn and its workers
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _processes() -> Iterator[tuple[str, list[str]]]:
    """(pid, the fields of /proc/<pid>/stat after the command name) of every process."""
    for entry in Path("/proc").iterdir():
        try:
            yield entry.name, (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue


def _seconds(fields: list[str], upto: int = 13) -> float:
    """utime + stime (and, with ``upto=15``, those of the children reaped)."""
    return sum(int(f) for f in fields[11:upto]) / os.sysconf("SC_CLK_TCK")


def group_cpu_s(group: int) -> float:
    """CPU seconds used so far by the live processes of a process group (Linux)."""
    return sum(_seconds(fields) for _, fields in _processes() if fields[2] == str(group))


def postgres_cpu_s(postmaster: int) -> float:
    """CPU seconds used so far by a PostgreSQL server: its postmaster (with the
    children it has reaped) and its live children, the backends among them."""
    total = 0.0
    for pid, fields in _processes():
        if pid == str(postmaster):
            total += _seconds(fields, upto=15)
        elif fields[1] == str(postmaster):
            total += _seconds(fields)
    return total


def postmaster_of(engine: Engine) -> int | None:
    """The postmaster's process id when the database is a PostgreSQL on this machine."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as connection:
        backend = connection.execute(select(func.pg_backend_pid())).scalar_one()
    try:
        stat = Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None  # another machine's server: its CPU is not ours to read
    return int(stat[1])


def measured(
    group: int,
    port: int,
    plans: list[Plan],
    seconds: float,
    rate: float | None,
    postmaster: int | None = None,
) -> tuple[dict[str, Any], list[Sample]]:
    """Figures of one phase, with the server's CPU per request (and the database's,
    when it runs here): on a shared machine the CPU a request costs says more than
    the requests a second it got."""
    before, client_before = group_cpu_s(group), time.process_time()
    database_before = postgres_cpu_s(postmaster) if postmaster else 0.0
    samples, elapsed = run_clients(port, plans, seconds, rate, seed=2)
    client_cpu = time.process_time() - client_before
    result = figures(samples, elapsed)
    answered = max(1, sum(1 for s in samples if 200 <= s.status < 300))
    result["all"]["server_cpu_ms_per_request"] = round(
        (group_cpu_s(group) - before) * 1000 / answered, 2
    )
    if postmaster:
        database_cpu = postgres_cpu_s(postmaster) - database_before
        result["all"]["postgres_cpu_ms_per_request"] = round(database_cpu * 1000 / answered, 2)
    # The clients share the machine: what they cost says whether they, not the
    # server, could be what limits the throughput.
    result["all"]["client_cpu_ms_per_request"] = round(client_cpu * 1000 / answered, 3)
    return result, samples


def _answers(port: int, path: str) -> bool:
    async def once() -> int:
        connection = await Connection.open(port)
        try:
            return (await connection.request("GET", path, {}))[0]
        finally:
            connection.close()

    try:
        return asyncio.run(once()) == 200
    except OSError:
        return False


def uvicorn_implementations() -> dict[str, str]:
    """What uvicorn's "auto" picks: uvloop and httptools when installed (uvicorn's
    "standard" extra), else asyncio and h11, which cost more CPU per request."""

    def installed(module: str) -> bool:
        return importlib.util.find_spec(module) is not None

    return {
        "loop": "uvloop" if installed("uvloop") else "asyncio",
        "http": "httptools" if installed("httptools") else "h11",
    }


def amanat_server(url: str, port: int, workers: int) -> contextlib.AbstractContextManager[int]:
    code = (
        "from amanat.cli.serve import run; from amanat.service.settings import ServiceSettings; "
        # One session key for every worker (`serve --workers N` asks for it); each
        # request's log line is formatted as in production, and thrown away here.
        f"run(ServiceSettings(database_url={url!r}, secret_key='service-load'), "
        f"{HOST!r}, {port}, {workers})"
    )
    return serving([sys.executable, "-c", code], port, "/api/v1/health")


def bare_server(port: int, workers: int) -> contextlib.AbstractContextManager[int]:
    command = [sys.executable, "-m", "uvicorn", "service_load:bare_app"]
    command += ["--app-dir", str(Path(__file__).parent), "--host", HOST, "--port", str(port)]
    command += ["--workers", str(workers), "--log-level", "warning", "--no-access-log"]
    return serving(command, port, "/ping")


# -- the register side: users, what they work on, audit counts ---------------------------


@dataclass(frozen=True)
class Work:
    """What one benchmark user reads, searches and writes to."""

    token: str
    cases: list[int]
    own_cases: list[int]
    people: list[int]
    names: list[str]

    def plan(self, mix: dict[str, int]) -> Plan:
        ops, weights = list(mix), list(mix.values())

        def make(rng: random.Random) -> Request:
            op = rng.choices(ops, weights)[0]
            if op == "search":
                q = quote(rng.choice(self.names))
                return op, "GET", f"/api/v1/people/search?q={q}&purpose=screening", b""
            if op == "case":
                return op, "GET", f"/api/v1/cases/{rng.choice(self.cases)}", b""
            if op == "person":
                path = f"/api/v1/people/{rng.choice(self.people)}?purpose=checking"
                return op, "GET", path, b""
            event = {
                "case_id": rng.choice(self.own_cases),
                "stage": rng.choice(STAGES),
                "occurred_on": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            }
            return op, "POST", "/api/v1/pipeline-events", json.dumps(event).encode()

        return {"Authorization": f"Bearer {self.token}"}, make


def prepare(engine: Engine, clients: int, seed: int) -> list[Work]:
    """Benchmark users with tokens, and samples of what each may see."""
    from amanat.access import accounts
    from amanat.access.models import User
    from amanat.access.roles import Role
    from amanat.access.visibility import Viewer
    from amanat.register import Case, Organisation
    from amanat.register.name_key import fill_missing_keys
    from amanat.store.bulk import settle
    from amanat.store.engine import transaction

    rng = random.Random(seed)
    with engine.begin() as connection:
        if filled := fill_missing_keys(connection):
            print(f"wrote {filled} name keys the demo did not have", file=sys.stderr)
    made: list[Work] = []
    samples: dict[int, dict[str, list[Any]]] = {}
    with transaction(engine) as session:
        busiest = session.scalars(
            select(Case.org_id)
            .join(Organisation, Organisation.id == Case.org_id)
            .group_by(Case.org_id)
            .order_by(func.count().desc())
            .limit(10)
        ).all()
        for index in range(clients):
            username = f"bench-{index:02d}"
            user = session.scalar(select(User).where(User.username == username))
            if user is None:
                org_id = busiest[index % len(busiest)]
                user = User(org_id=org_id, username=username, display_name=username)
                user.role = Role.investigator.value
                session.add(user)
                session.flush()
            _, token = accounts.create_token(session, username, "service_load")
            viewer = Viewer(user.id, user.org_id, Role(user.role))
            if user.org_id not in samples:
                samples[user.org_id] = _samples(session, viewer, rng)
            made.append(Work(token, **samples[user.org_id]))
    # The name keys and users just written, as autovacuum would have them in use.
    settle(engine)
    return made


def _samples(session: Any, viewer: Any, rng: random.Random) -> dict[str, list[Any]]:
    from amanat.access.visibility import visible
    from amanat.names import detect_script, to_cyrillic, transliterate
    from amanat.register import Case, Person, PersonName

    def some(query: Any, n: int) -> list[Any]:
        found = list(session.scalars(query.limit(20 * n)))
        rng.shuffle(found)
        return found[:n]

    written = some(
        select(PersonName.full_name)
        .join(Person, Person.id == PersonName.person_id)
        .where(visible(Person, viewer), ~Person.is_protected, PersonName.kind == "primary"),
        300,
    )
    # Every other name in the other script: the search must fold Cyrillic and Latin.
    names = [
        n if i % 2 else transliterate(n) if detect_script(n) == "Cyrl" else to_cyrillic(n)
        for i, n in enumerate(written)
    ]
    own = (Case.org_id == viewer.org_id) & Case.deleted_at.is_(None)
    return {
        "cases": some(select(Case.id).where(visible(Case, viewer)), 500),
        "own_cases": some(select(Case.id).where(own), 200),
        "people": some(select(Person.id).where(visible(Person, viewer)), 500),
        "names": names,
    }


def audit_counts(engine: Engine) -> dict[str, int]:
    """Audit entries by the benchmark users, per action."""
    from amanat.access.audit_store import AuditRecord
    from amanat.access.models import User

    bench = select(User.id).where(User.username.startswith("bench-"))
    query = select(AuditRecord.action, func.count()).where(AuditRecord.actor_user_id.in_(bench))
    with engine.connect() as connection:
        return {a: int(n) for a, n in connection.execute(query.group_by(AuditRecord.action))}


# -- the run ----------------------------------------------------------------------------


def measure(args: argparse.Namespace, url: str) -> dict[str, Any]:
    from amanat.store.engine import make_engine

    engine = make_engine(url)
    plans = [work.plan(MIX) for work in prepare(engine, args.clients, args.seed)]
    report: dict[str, Any] = {
        "clients": args.clients,
        "workers": args.workers,
        "seconds": args.duration,
        "mix_percent": MIX,
        "database": engine.dialect.name,
        "cpus": os.cpu_count(),
        "load_average_before": os.getloadavg()[0],
        "uvicorn": uvicorn_implementations(),
    }
    before, reads = audit_counts(engine), 0
    postmaster = postmaster_of(engine)
    port = free_port()
    with amanat_server(url, port, args.workers) as group:
        phases = [("closed_loop", None)] + ([("open_loop", args.rate)] if args.rate else [])
        for name, rate in phases:
            warm, _ = run_clients(port, plans, args.warmup, rate, seed=1)
            if args.statements:
                reset_statements(engine)
            report[name], samples = measured(group, port, plans, args.duration, rate, postmaster)
            if args.statements:
                report[f"{name}_statements"] = top_statements(engine, report[name])
            reads += sum(1 for s in warm + samples if s.op in READS and s.status == 200)
    after = audit_counts(engine)
    written = {action: n - before.get(action, 0) for action, n in after.items()}
    report["audit"] = {
        "entries_written": sum(written.values()),
        "by_action": written,
        "reads_answered": reads,
        "every_read_audited": written.get("read", 0) == reads,
    }
    engine.dispose()
    if not args.skip_bare:
        port = free_port()
        bare: list[Plan] = [({}, lambda rng: ("ping", "GET", "/ping", b"")) for _ in plans]
        with bare_server(port, args.workers) as group:
            run_clients(port, bare, args.warmup, None)
            report["bare_closed_loop"], _ = measured(group, port, bare, args.duration, None)
        ours = report["closed_loop"]["all"]["throughput_rps"]
        theirs = report["bare_closed_loop"]["all"]["throughput_rps"]
        report["ratio_to_bare"] = round(ours / theirs, 3) if theirs else None
        cpu = [
            report[p]["all"]["server_cpu_ms_per_request"]
            for p in ("closed_loop", "bare_closed_loop")
        ]
        report["server_cpu_ratio_to_bare"] = round(cpu[1] / cpu[0], 3) if cpu[0] else None
    return report


def reset_statements(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"))
        connection.execute(text("SELECT pg_stat_statements_reset()"))


def top_statements(engine: Engine, phase: dict[str, Any], n: int = 15) -> list[dict[str, Any]]:
    """The statements that took most of the server's time in the phase, per request."""
    answered = max(1, sum(row["requests"] for op, row in phase.items() if op != "all"))
    query = text(
        "SELECT calls, total_exec_time, total_plan_time, plans, shared_blks_hit, "
        "shared_blks_read, rows, query FROM pg_stat_statements "
        "ORDER BY total_exec_time + total_plan_time DESC LIMIT :n"
    )
    with engine.connect() as connection:
        rows = connection.execute(query, {"n": n}).all()
    return [
        {
            "ms_per_request": round((r.total_exec_time + r.total_plan_time) / answered, 3),
            "calls_per_request": round(r.calls / answered, 2),
            "plan_ms_per_request": round(r.total_plan_time / answered, 3),
            "plans": r.plans,
            "blocks_per_call": round((r.shared_blks_hit + r.shared_blks_read) / max(1, r.calls), 1),
            "rows_per_call": round(r.rows / max(1, r.calls), 1),
            "query": " ".join(r.query.split())[:300],
        }
        for r in rows
    ]


def print_table(report: dict[str, Any]) -> None:
    print(
        f"\n{report['clients']} clients, {report['workers']} uvicorn workers, "
        f"{report['seconds']} s per phase, {report['database']}, {report['cpus']} CPUs, "
        f"load average {report['load_average_before']:.1f} before"
    )
    columns = ("requests", "errors", "throughput_rps", "p50_ms", "p95_ms", "p99_ms")
    header = f"{'phase':<17}{'op':<8}" + "".join(f"{c:>15}" for c in columns)
    print(header + "\n" + "-" * len(header))
    for phase in ("closed_loop", "open_loop", "bare_closed_loop"):
        for op, row in report.get(phase, {}).items():
            print(f"{phase:<17}{op:<8}" + "".join(f"{row[c]:>15}" for c in columns))
    audit = report["audit"]
    print(f"\naudit entries written: {audit['entries_written']} {audit['by_action']}")
    print(f"reads answered {audit['reads_answered']}, all audited: {audit['every_read_audited']}")
    phases = [p for p in ("closed_loop", "open_loop", "bare_closed_loop") if p in report]
    costs = {p: report[p]["all"]["server_cpu_ms_per_request"] for p in phases}
    print(f"server CPU ms per request: {costs}")
    database = {
        p: report[p]["all"]["postgres_cpu_ms_per_request"]
        for p in phases
        if "postgres_cpu_ms_per_request" in report[p]["all"]
    }
    if database:
        print(f"PostgreSQL CPU ms per request: {database}")
    clients = {p: report[p]["all"]["client_cpu_ms_per_request"] for p in phases}
    print(f"client CPU ms per request: {clients}")
    print(f"uvicorn: {report['uvicorn']}")
    for row in report.get("closed_loop_statements", []):
        print(
            f"{row['ms_per_request']:>8} ms/req {row['calls_per_request']:>6} calls/req "
            f"plan {row['plan_ms_per_request']:>6} ms/req {row['blocks_per_call']:>7} blocks/call "
            f"{row['rows_per_call']:>6} rows/call  {row['query'][:160]}"
        )
    if report.get("ratio_to_bare") is not None:
        print(f"throughput relative to a bare FastAPI endpoint: {report['ratio_to_bare']}")
        print(f"the same by server CPU per request: {report['server_cpu_ratio_to_bare']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="database URL of a register holding a demo region")
    where.add_argument(
        "--demo",
        choices=("small", "medium", "large"),
        help="build a demo region of this size in a throwaway PostgreSQL first",
    )
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per phase")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds before each phase")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--rate", type=float, default=0.0, help="also an open loop at req/s")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-bare", action="store_true", help="no baseline run")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument(
        "--statements",
        action="store_true",
        help="with --demo: load pg_stat_statements and report the costliest statements",
    )
    args = parser.parse_args()
    if args.url:
        report = measure(args, args.url)
    else:
        from amanat.store.postgres import temporary_postgres

        amanat = str(Path(sys.executable).with_name("amanat"))
        settings = (
            ["shared_preload_libraries=pg_stat_statements", "pg_stat_statements.track_planning=on"]
            if args.statements
            else []
        )
        with temporary_postgres(settings=settings) as url, tempfile.TemporaryDirectory() as folder:
            build = [amanat, "demo-data", "--size", args.demo, "--database", url]
            subprocess.run([*build, "--ground-truth", str(Path(folder, "truth.csv"))], check=True)
            report = measure(args, url)
    print_table(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()

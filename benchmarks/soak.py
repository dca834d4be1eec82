"""Soak: the realistic mix for a bounded time against a real ``amanat serve --workers 2``
on the ``medium`` demo region in PostgreSQL, minute by minute.

    .venv/bin/python benchmarks/soak.py [--minutes 10] [--clients 10] [--json out.json]

A throwaway PostgreSQL (``amanat.store.postgres``) gets the region (``amanat demo-data
--size medium``, timed); ``service_load.prepare`` adds investigators with API tokens
and samples of what each may see.  Then, for ``--minutes``:

- the clients (closed loop, one keep-alive connection each; ``load_client``) search
  people by name, read cases and people, and add pipeline events to their cases
  (``service_load.MIX``);
- beside them, one investigator imports a 500-row CSV of people through the API
  (upload, then confirm) every 30 s — the same ids each time, so the first creates
  and the others update — and exports the records they may see (FollowTheMoney)
  every 60 s.

Reported per minute: requests, errors (target 0), throughput, p95 latency, and the
database's connections (``pg_stat_activity``); the resident memory of each worker
after a warm-up and at the end (growth target < 10 %); whether a worker was
replaced; and ``amanat audit verify`` over the trail at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from intake import PROFILE, write_people
from load_client import HOST, Sample, figures, run_clients
from service_load import MIX, Work, free_port, prepare, serving

AMANAT = str(Path(sys.executable).with_name("amanat"))
SECRET_KEY = "soak-benchmark-secret-key-0123456789abcdef"
IMPORT_EVERY, EXPORT_EVERY = 30.0, 60.0
IMPORT_ROWS = 500
WARM_UP_SECONDS = 30.0
START_SECONDS = 600.0


def workers(server: int) -> dict[int, float]:
    """uvicorn's worker processes (children of the server) and their resident MiB."""
    found: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) != server:
                continue
            if b"spawn_main" not in (stat.parent / "cmdline").read_bytes():
                continue  # multiprocessing's resource tracker, not a worker
            status = (stat.parent / "status").read_text()
        except (OSError, IndexError, ValueError):
            continue
        rss = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
        found[int(stat.parent.name)] = round(int(rss.split()[1]) / 1024, 1)
    return found


def connections(engine: Any) -> dict[str, int]:
    """The database's connections by state, the one asking left out."""
    from sqlalchemy import text

    query = text(
        "SELECT coalesce(state, 'none'), count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid() GROUP BY 1"
    )
    with engine.connect() as connection:
        return {str(state): int(n) for state, n in connection.execute(query)}


@dataclass
class Exchange:
    """Imports and exports by one investigator at a steady pace, beside the clients."""

    url: str
    work: Work
    folder: Path
    samples: list[tuple[float, Sample]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        csv = self.folder / "people.csv"
        write_people(csv, IMPORT_ROWS, seed=7)
        profile = json.dumps(PROFILE, ensure_ascii=False)
        headers = {"Authorization": f"Bearer {self.work.token}"}
        next_import, next_export = time.monotonic(), time.monotonic() + EXPORT_EVERY / 2
        with httpx.Client(base_url=self.url, headers=headers, timeout=300) as client:
            while not self.stop.wait(max(0.0, min(next_import, next_export) - time.monotonic())):
                if time.monotonic() >= next_import:
                    next_import += IMPORT_EVERY
                    self._timed("import", lambda: self._import(client, csv, profile))
                if time.monotonic() >= next_export:
                    next_export += EXPORT_EVERY
                    self._timed("export", lambda: self._export(client))

    def _import(self, client: httpx.Client, csv: Path, profile: str) -> httpx.Response:
        staged = client.post(
            "/api/v1/imports", params={"filename": csv.name}, content=csv.read_bytes()
        )
        if staged.status_code != 201:
            return staged
        upload = staged.json()["upload"]
        return client.post(f"/api/v1/imports/{upload}/confirm", json={"profile": profile})

    def _export(self, client: httpx.Client) -> httpx.Response:
        return client.post("/api/v1/exports", json={"format": "ftm"})

    def _timed(self, op: str, call: Any) -> None:
        started = time.monotonic()
        try:
            status = call().status_code
        except httpx.HTTPError as exc:
            status, _ = 0, self.problems.append(f"{op}: {type(exc).__name__}")
        self.samples.append((started, Sample(op, status, time.monotonic() - started)))


def soak(url: str, minutes: int, clients: int, folder: Path) -> dict[str, Any]:
    from sqlalchemy import text

    from amanat.store.engine import make_engine

    engine = make_engine(url)
    works = prepare(engine, clients + 1, seed=1)
    plans = [work.plan(MIX) for work in works[:clients]]
    port = free_port()
    env = {**os.environ, "AMANAT_SECRET_KEY": SECRET_KEY, "AMANAT_UPLOAD_DIR": str(folder)}
    command = [AMANAT, "serve", "--database", url, "--workers", "2", "--host", HOST]
    command += ["--port", str(port)]
    report: dict[str, Any] = {"minutes": minutes, "clients": clients, "cpus": os.cpu_count()}
    # Two workers each import the whole service: minutes on a busy two-core machine.
    with serving(command, port, "/api/v1/health", env=env, wait=START_SECONDS) as server:
        run_clients(port, plans, WARM_UP_SECONDS, None, seed=0)
        report["rss_mib_start"] = workers(server)
        exchange = Exchange(f"http://{HOST}:{port}", works[clients], folder)
        beside = threading.Thread(target=exchange.run)
        beside.start()
        per_minute = []
        try:
            counted = time.monotonic()
            for minute in range(minutes):
                began = time.monotonic()
                samples, elapsed = run_clients(port, plans, 60.0, None, seed=minute + 1)
                ended = began + elapsed
                # An import or export counts in the minute it ended in: an export runs
                # for tens of seconds, and one started near a minute's end would
                # otherwise fall between two minutes and never be counted.
                samples += [
                    s for at, s in list(exchange.samples) if counted <= at + s.latency < ended
                ]
                counted = ended
                row = figures(samples, elapsed)
                row["all"]["throughput_per_minute"] = round(row["all"]["throughput_rps"] * 60)
                row["connections"] = connections(engine)
                row["rss_mib"] = workers(server)
                per_minute.append(row)
                print(_line(minute + 1, row), flush=True)
        finally:
            exchange.stop.set()
            beside.join()
        report["rss_mib_end"] = workers(server)
    # Every import and export, whenever it ended (the last may end after the last minute).
    everything = [sample for _, sample in exchange.samples]
    report["exchange"] = figures(everything, minutes * 60.0) if everything else {}
    report["per_minute"] = per_minute
    report["exchange_problems"] = exchange.problems
    start, end = report["rss_mib_start"], report["rss_mib_end"]
    report["workers_replaced"] = set(start) != set(end)
    report["rss_growth_percent"] = {
        str(pid): round((end[pid] - start[pid]) * 100 / start[pid], 1)
        for pid in start
        if pid in end
    }
    counted_errors = sum(row["all"]["errors"] for row in per_minute)
    late = [s for at, s in exchange.samples if at + s.latency >= counted]
    report["errors"] = counted_errors + sum(not 200 <= s.status < 300 for s in late)
    with engine.connect() as connection:
        report["audit_entries"] = connection.scalar(text("SELECT count(*) FROM audit_entry"))
    engine.dispose()
    verified = subprocess.run(
        [AMANAT, "audit", "verify", "--database", url], capture_output=True, text=True
    )
    report["audit_verified"] = verified.returncode == 0
    report["audit_verify_output"] = (verified.stdout + verified.stderr).strip()
    return report


def _line(minute: int, row: dict[str, Any]) -> str:
    every = row["all"]
    ops = ", ".join(f"{op} {r['requests']}" for op, r in row.items() if op not in _NOT_OPS)
    return (
        f"minute {minute}: {every['requests']} requests ({ops}), {every['errors']} errors, "
        f"{every['throughput_per_minute']}/min, p95 {every['p95_ms']} ms, "
        f"connections {row['connections']}, rss MiB {row['rss_mib']}"
    )


_NOT_OPS = ("all", "connections", "rss_mib")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--minutes", type=int, default=10)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--size", default="medium", choices=("small", "medium", "large"))
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()
    from amanat.store.postgres import temporary_postgres

    with temporary_postgres() as url, tempfile.TemporaryDirectory() as folder:
        started = time.monotonic()
        build = [AMANAT, "demo-data", "--size", args.size, "--database", url]
        subprocess.run([*build, "--ground-truth", str(Path(folder, "truth.csv"))], check=True)
        built = round(time.monotonic() - started, 1)
        print(f"{args.size} region built in PostgreSQL in {built} s", flush=True)
        report = {"size": args.size, "build_seconds": built}
        report |= soak(url, args.minutes, args.clients, Path(folder))
    for op, row in report["exchange"].items():
        print(
            f"{op}: {row['requests']} in all, {row['errors']} errors, "
            f"p50 {row['p50_ms']} ms, p99 {row['p99_ms']} ms"
        )
    print(
        f"errors {report['errors']}; rss MiB {report['rss_mib_start']} -> "
        f"{report['rss_mib_end']} ({report['rss_growth_percent']} %); workers replaced: "
        f"{report['workers_replaced']}; audit verified: {report['audit_verified']} "
        f"({report['audit_verify_output']})"
    )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str) + "\n")


if __name__ == "__main__":
    main()

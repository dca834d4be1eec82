"""Demo-region load benchmark: generate a region and bulk-load it into SQLite and
PostgreSQL, reporting rows per second and peak memory per back end.

    python benchmarks/load_demo.py                      # large, seed 1, both back ends
    python benchmarks/load_demo.py --size medium --backends sqlite --json load.json

Each back end runs in its own subprocess, so its peak memory (``ru_maxrss``) is its
own.  The time is that of ``build_region`` alone (generation and loading together),
not of creating the database.  SQLite is a fresh file in a temporary folder;
PostgreSQL a throwaway server (``amanat.store.postgres.temporary_postgres``), whose
own memory is not counted.  Medium and large regions are written by a separate
writer process: the peak of the largest child process (the writer; for PostgreSQL
also the server's set-up tools) is reported beside the generator's, and their sum
is an upper bound of the two together.  CPU seconds (generator and writer) are reported
too: on a shared machine rows per CPU second say what the code needs, whatever else
runs.  Target (issue): >= 50,000 rows/s into SQLite on
the 2-core machine, peak memory < 2 GB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

BACKENDS = ("sqlite", "postgresql")
TARGET_ROWS_PER_S = 50_000
TARGET_PEAK_MB = 2048


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports kilobytes


def cpu_s(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def load(backend: str, size: str, seed: int, folder: Path) -> dict[str, Any]:
    """Build the region into a fresh database of ``backend``; runs in its own process."""
    from contextlib import ExitStack

    from amanat.demo.region import build_region
    from amanat.store.engine import make_engine
    from amanat.store.migrate import upgrade
    from amanat.store.postgres import temporary_postgres

    with ExitStack() as stack:
        if backend == "sqlite":
            url = f"sqlite:///{folder / 'register.sqlite'}"
        else:
            url = stack.enter_context(temporary_postgres())
        engine = make_engine(url)
        upgrade(engine)
        cpu_before = cpu_s(resource.RUSAGE_SELF), cpu_s(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        counts = build_region(engine, size, seed, folder / "ground-truth.csv")
        seconds = time.perf_counter() - start
        cpu = (
            cpu_s(resource.RUSAGE_SELF) - cpu_before[0]
            + cpu_s(resource.RUSAGE_CHILDREN) - cpu_before[1]
        )  # fmt: skip
        engine.dispose()
    rows = sum(counts.values())
    return {
        "backend": backend,
        "size": size,
        "seed": seed,
        "rows": rows,
        "seconds": round(seconds, 2),
        "rows_per_s": round(rows / seconds),
        # CPU time of the generator and the writer process (not of a PostgreSQL server):
        # on a shared machine, rows per CPU second say what the code needs.
        "cpu_s": round(cpu, 1),
        "rows_per_cpu_s": round(rows / cpu) if cpu else None,
        "peak_mb": round(peak_mb(resource.RUSAGE_SELF), 1),
        "child_peak_mb": round(peak_mb(resource.RUSAGE_CHILDREN), 1),
        "tables": counts,
    }


def run_isolated(backend: str, size: str, seed: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="amanat-load-") as folder:
        result = Path(folder) / "result.json"
        command = [sys.executable, __file__, "--one", backend, "--size", size, "--seed",
                   str(seed), "--folder", folder, "--json", str(result)]  # fmt: skip
        subprocess.run(command, check=True)
        data: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
        return data


def report(results: list[dict[str, Any]]) -> None:
    console = Console(width=120)  # wide enough for the figures when not on a terminal
    summary = Table(title=f"Demo region load ({results[0]['size']}, seed {results[0]['seed']})")
    columns = ("back end", "rows", "seconds", "rows/s", "CPU s", "rows/CPU s", "peak MB",
               "child peak MB")  # fmt: skip
    for column in columns:
        summary.add_column(column, justify="left" if column == "back end" else "right")
    for r in results:
        summary.add_row(
            r["backend"], f"{r['rows']:,}", f"{r['seconds']:.1f}", f"{r['rows_per_s']:,}",
            f"{r['cpu_s']:.1f}", f"{r['rows_per_cpu_s']:,}", f"{r['peak_mb']:,.0f}",
            f"{r['child_peak_mb']:,.0f}",
        )  # fmt: skip
    console.print(summary)
    tables = Table(title="Rows per table")
    tables.add_column("table")
    for r in results:
        tables.add_column(r["backend"], justify="right")
    for name in results[0]["tables"]:
        tables.add_row(name, *(f"{r['tables'].get(name, 0):,}" for r in results))
    console.print(tables)
    sqlite = next((r for r in results if r["backend"] == "sqlite"), None)
    if sqlite is not None:
        fast = sqlite["rows_per_s"] >= TARGET_ROWS_PER_S
        small = sqlite["peak_mb"] + sqlite["child_peak_mb"] < TARGET_PEAK_MB
        console.print(
            f"SQLite target {TARGET_ROWS_PER_S:,} rows/s: {'met' if fast else 'MISSED'}; "
            f"peak < {TARGET_PEAK_MB:,} MB: {'met' if small else 'MISSED'}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="large", choices=("tiny", "small", "medium", "large"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--backends", default=",".join(BACKENDS), help="comma-separated")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--one", choices=BACKENDS, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:  # a child: load one back end and write its figures
        result = load(args.one, args.size, args.seed, args.folder)
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
        return
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    unknown = set(backends) - set(BACKENDS)
    if unknown:
        parser.error(f"unknown back ends: {', '.join(sorted(unknown))}")
    results = [run_isolated(backend, args.size, args.seed) for backend in backends]
    report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()

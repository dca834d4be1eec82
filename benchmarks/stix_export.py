"""STIX export benchmark: objects per second exporting a demo region as an analyst of
its regional centre (target: >= 30,000 objects/s on ``large``), beside the
FollowTheMoney export of the same region as the baseline, measured in the same run.

    .venv/bin/python benchmarks/stix_export.py --demo /work/shared-bench/large.sqlite
        [--runs 3] [--formats stix,ftm] [--json FILE]

The region is opened read-only (it may be shared with other benchmarks), so the
export is written through ``exchange.export.write_export`` as the analyst's viewer
rather than through the door, whose audit entry would need a write: that entry is
one row, whatever the export's size.  Each run is a child process, so its peak
memory is its own; the machine is shared, so CPU seconds are reported beside
wall-clock seconds, and the median of the runs is the figure.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any


def export_step(database: str, format: str, queue: Any) -> None:
    from sqlalchemy import create_engine, select
    from sqlalchemy.orm import Session

    from amanat.access.roles import Role
    from amanat.access.visibility import Viewer
    from amanat.exchange.export import ExportRequest, write_export
    from amanat.register import Organisation

    # Read-only: WAL readers need the -shm file, which SQLite may create beside it.
    engine = create_engine(f"sqlite:///file:{database}?mode=ro&uri=true")
    with Session(engine) as session, tempfile.TemporaryDirectory() as folder:
        centre = session.scalar(
            select(Organisation.id).where(Organisation.kind == "regional_centre").limit(1)
        )
        assert centre is not None, "the region has no regional centre"
        viewer = Viewer(user_id=0, org_id=centre, role=Role.analyst)
        output = Path(folder) / f"region.{format}"
        wall, cpu = time.perf_counter(), time.process_time()
        # Not committed: the file would take its name only then, and nothing was written.
        result = write_export(session, viewer, ExportRequest(format, output))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        size = output.with_name(f".{output.name}.partial").stat().st_size
        session.rollback()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put(
        {
            "objects": result.rows,
            "seconds": wall,
            "cpu_seconds": cpu,
            "peak_mib": peak,
            "mib_written": size / 2**20,
        }
    )


def _child(database: str, format: str) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=export_step, args=(database, format, queue))
    process.start()
    found: dict[str, Any] = queue.get()
    process.join()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--demo", type=Path, default=Path("/work/shared-bench/large.sqlite"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", default="stix,ftm")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not args.demo.exists():
        parser.error(f"{args.demo} does not exist: build it with `amanat demo-data --size large`")
    formats = args.formats.split(",")
    runs: dict[str, list[dict[str, Any]]] = {f: [] for f in formats}
    for number in range(args.runs):
        for format in formats:  # interleaved, so both see the same load on the machine
            step = _child(str(args.demo.resolve()), format)
            step["per_second"] = round(step["objects"] / step["seconds"])
            step["per_cpu_second"] = round(step["objects"] / step["cpu_seconds"])
            runs[format].append(step)
            print(
                f"run {number + 1} {format}: {step['objects']:,} objects in "
                f"{step['seconds']:.1f} s ({step['per_second']:,}/s; "
                f"{step['per_cpu_second']:,} per CPU second), peak {step['peak_mib']:.0f} MiB"
            )
    figures: dict[str, Any] = {}
    for format, steps in runs.items():
        figures[format] = {
            "objects": steps[0]["objects"],
            "median_per_second": round(statistics.median(s["per_second"] for s in steps)),
            "median_per_cpu_second": round(statistics.median(s["per_cpu_second"] for s in steps)),
            "max_peak_mib": round(max(s["peak_mib"] for s in steps)),
            "runs": steps,
        }
        print(
            f"{format}: median {figures[format]['median_per_second']:,} objects/s "
            f"({figures[format]['median_per_cpu_second']:,} per CPU second) over {len(steps)} runs"
        )
    if "stix" in figures and "ftm" in figures:
        ratio = figures["stix"]["median_per_second"] / figures["ftm"]["median_per_second"]
        figures["stix_to_ftm"] = round(ratio, 2)
        print(f"STIX objects/s ÷ FtM entities/s: {ratio:.2f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()

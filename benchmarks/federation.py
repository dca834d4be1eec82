"""Federation benchmark: records per second of a node's initial sync to a peer, as a
signed bundle written (export) and taken (import), beside the physical reference of
the same rows copied by a plain SQL dump loaded into the peer's register.

    .venv/bin/python benchmarks/federation.py [--records 5000] [--runs 3] [--json FILE]

Two SQLite registers are made in a temporary folder with the `amanat` commands an
operator runs (``node init``, ``node add``, organisations of both nodes, a sharing
group with a member on the peer), and ``--records`` persons marked for that group are
imported on the sending node KZ.  Then, ``--runs`` times each, in this process:

- ``export``: ``federation.export`` of everything after sequence 0 for KG (the action
  the CLI and the feed run, audited, committed);
- ``import``: ``federation.import`` of that bundle into a fresh copy of KG's empty
  register (verified, stored, audited, committed);
- ``reimport``: the same bundle again into the register it was just taken into
  (idempotent: nothing changes, every record counted unchanged);
- ``dump_load``: the reference, as ``pg_dump | psql`` is on PostgreSQL: KZ's
  ``person`` and ``person_name`` rows written as SQL ``INSERT`` text and run into a
  fresh copy of KG's empty register in one transaction.

The target (issue 18) is >= 5,000 records/s for the initial sync; the ratios printed
are each step's median time (wall-clock, and CPU) to the reference's.  The machine is shared, so CPU
seconds are printed beside wall-clock seconds and the median of the runs is the
figure.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

AMANAT = str(Path(sys.executable).parent / "amanat")
PROFILE = "amanat_profile: 1\nkind: person\nid: id\ncolumns:\n  full_name: name.full_name\n"


def amanat(database: Path, where: Path, *arguments: str) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AMANAT_")}
    done = subprocess.run(
        [AMANAT, *arguments],
        env={**clean, "AMANAT_DATABASE_URL": f"sqlite:///{database}"},
        cwd=where,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"amanat {' '.join(arguments)} failed: {done.stderr}")
    return done.stdout


def two_nodes(where: Path, records: int) -> tuple[Path, Path, Path]:
    """KZ with ``records`` persons for the task force, and KG's register, empty."""
    kz, kg = where / "KZ.sqlite", where / "KG.sqlite"
    keys = {}
    for name, database in (("KZ", kz), ("KG", kg)):
        amanat(database, where, "init")
        said = amanat(database, where, "node", "init", name, "--key-file", str(where / name))
        keys[name] = said.split("Public key (give it to the peers): ")[1].split()[0]
    amanat(kz, where, "node", "add", "KG", "http://127.0.0.1:1", keys["KG"])
    amanat(kg, where, "node", "add", "KZ", "http://127.0.0.1:2", keys["KZ"])
    for database, home, other, other_node in ((kz, "KZ-POL", "KG-POL", "KG"),
                                              (kg, "KG-POL", "KZ-POL", "KZ")):  # fmt: skip
        amanat(database, where, "org", "add", home, f"{home} police", "--kind", "police")
        amanat(database, where, "org", "add", other, f"{other} police", "--kind", "police",
               "--node", other_node)  # fmt: skip
        amanat(database, where, "group", "add", "TASK-FORCE", "--owner", home)
        amanat(database, where, "group", "add-member", "TASK-FORCE", other)
    amanat(kz, where, "user", "add", "analyst", "--org", "KZ-POL", "--role", "investigator",
           "--password", "long enough password")  # fmt: skip
    (where / "person.yaml").write_text(PROFILE)
    rows = "".join(f"P{i},Suspect Number {i} Benchmarkov\n" for i in range(records))
    (where / "persons.csv").write_text("id,full_name\n" + rows)
    amanat(kz, where, "import", "persons.csv", "--profile", "person.yaml", "--user", "analyst",
           "--distribution", "group", "--group", "TASK-FORCE")  # fmt: skip
    return kz, kg, where / "KZ"


def timed(step: Callable[[], Any]) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = step()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def exported(kz: Path, key_file: Path) -> bytes:
    from amanat.access.audit import load_private_key
    from amanat.actions import federation
    from amanat.cli.door import as_operator
    from amanat.store.engine import make_engine

    key = load_private_key(key_file, "node key")
    engine = make_engine(f"sqlite:///{kz}")
    try:
        with as_operator(engine) as ctx:
            return federation.export_bundle(ctx, "KG", 0, key).data
    finally:
        engine.dispose()


def imported(kg: Path, data: bytes) -> dict[str, int]:
    from amanat.actions import federation
    from amanat.cli.door import as_operator
    from amanat.store.engine import make_engine

    engine = make_engine(f"sqlite:///{kg}")
    try:
        with as_operator(engine) as ctx:
            received = federation.import_bundle(ctx, data, "benchmark")
        assert received.refusal is None, received.refusal
        assert received.taken is not None
        taken = received.taken
        return {"inserted": taken.inserted, "updated": taken.updated,
                "unchanged": taken.unchanged, "held_back": taken.held_back}  # fmt: skip
    finally:
        engine.dispose()


def dump_loaded(kz: Path, kg: Path, tables: tuple[str, ...]) -> int:
    """The rows of ``tables`` as INSERT text (what a dump writes), run into ``kg``."""
    source = sqlite3.connect(kz)
    script = ["BEGIN;"]
    rows = 0
    for table in tables:
        columns = [row[1] for row in source.execute(f'PRAGMA table_info("{table}")')]
        values_text = " || ',' || ".join(f'quote("{c}")' for c in columns)
        for (values,) in source.execute(f'SELECT {values_text} FROM "{table}"'):
            script.append(f'INSERT INTO "{table}" VALUES({values});')
            rows += 1
    script.append("COMMIT;")
    source.close()
    target = sqlite3.connect(kg, isolation_level=None)
    target.executescript("\n".join(script))
    target.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    options = parser.parse_args()
    figures: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        where = Path(folder)
        kz, kg, key_file = two_nodes(where, options.records)
        empty = where / "KG-empty.sqlite"
        shutil.copy(kg, empty)
        data = b""
        counts: dict[str, Any] = {}
        for run in range(options.runs):
            wall, cpu, data = timed(lambda: exported(kz, key_file))
            figures.setdefault("export", []).append((wall, cpu))
            target = where / f"KG-{run}.sqlite"
            shutil.copy(empty, target)
            wall, cpu, counts["import"] = timed(lambda t=target, d=data: imported(t, d))
            figures.setdefault("import", []).append((wall, cpu))
            wall, cpu, counts["reimport"] = timed(lambda t=target, d=data: imported(t, d))
            figures.setdefault("reimport", []).append((wall, cpu))
            reference = where / f"KG-dump-{run}.sqlite"
            shutil.copy(empty, reference)
            wall, cpu, counts["dump_rows"] = timed(
                lambda r=reference: dump_loaded(kz, r, ("person", "person_name"))
            )
            figures.setdefault("dump_load", []).append((wall, cpu))
        records = len(json.loads(data)["bundle"]["records"])
    base = statistics.median(w for w, _ in figures["dump_load"])
    base_cpu = statistics.median(c for _, c in figures["dump_load"])
    results: dict[str, Any] = {"records": records, "runs": options.runs, "counts": counts}
    print(f"{records} records in the bundle ({len(data) / 2**20:.1f} MiB), "
          f"median of {options.runs} runs")  # fmt: skip
    print(f"{'step':<10} {'wall s':>8} {'cpu s':>8} {'records/s':>10} {'per cpu-s':>10} "
          f"{'× dump':>7} {'cpu × dump':>10}")  # fmt: skip
    for step, runs in figures.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        rate, per_cpu = records / wall, records / cpu
        results[step] = {"wall_s": wall, "cpu_s": cpu, "records_per_s": rate,
                         "records_per_cpu_s": per_cpu, "ratio": wall / base,
                         "cpu_ratio": cpu / base_cpu}  # fmt: skip
        print(f"{step:<10} {wall:>8.3f} {cpu:>8.3f} {rate:>10,.0f} {per_cpu:>10,.0f} "
              f"{wall / base:>7.2f} {cpu / base_cpu:>10.2f}")  # fmt: skip
    print(f"counts: {counts}")
    if options.json:
        options.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

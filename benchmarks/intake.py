"""Intake and exchange benchmark.

1. Import a CSV of synthetic person records (1,000,000 rows by default) into an empty
   SQLite register through a Russian-headed profile: rows/s and the process's peak
   memory (targets: >= 20,000 rows/s, < 1 GiB).  Phone numbers are stored as typed; they
   are parsed when linkage reads them, and the step times that too: the CSV's numbers
   read as the importing organisation's (``amanat.names.phones``), numbers/s.
2. Export a demo region to FollowTheMoney as an analyst of the regional centre:
   entities/s (target: >= 80,000), --repeat times (each in a fresh process), the
   median reported.  The region is built with the demo generator into --demo
   (default size large) unless that file exists already.

    .venv/bin/python benchmarks/intake.py [--rows N] [--demo FILE] [--size large]
        [--steps import,export] [--repeat N] [--json FILE]

The export adds a user and an audit entry to the region: give it a copy of a region
others read (``cp /work/shared-bench/large.sqlite /tmp/``), not the shared file.

Each step runs in a child process, so its peak memory is its own.  The machine is
shared: CPU seconds are reported beside wall-clock seconds.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PROFILE = {
    "kind": "person",
    "id": "Номер",
    "marking": {"tlp": "AMBER", "handling": "H1", "reliability": "B", "credibility": "2"},
    "columns": {
        "Фамилия": "name.family",
        "Имя": "name.given",
        "Отчество": "name.patronymic",
        "Пол": {"field": "sex", "values": {"муж.": "male", "жен.": "female"}},
        "Дата рождения": "birth_date",
        "Гражданство": {"field": "citizenship", "split": ","},
        "Паспорт": {"field": "document.number", "set": {"doc_type": "national_passport"}},
        "Телефон": "phone",
    },
}
FAMILY = ["Асанов", "Жумабеков", "Karimov", "Rakhimov", "Садыков", "Нурланов", "Иванова"]
GIVEN = ["Бакыт", "Ерлан", "Azamat", "Мария", "Дильноза", "Timur", "Айгуль"]
PATRONYMIC = ["Жумабекович", "Маратовна", "", ""]
CITIZENSHIP = ["KG", "KZ", "Узбекистан", "Таджикистан", "KZ, RU"]
# Phone numbers as agencies write them: international, national (with a trunk prefix or
# without), spaced, bracketed; some are no number at all.  Each # is a random digit.
PHONES = [
    "+7 701 ###-##-##",
    "8 (701) ###-##-##",
    "+998 90 ###-##-##",
    "90 ###-##-##",
    "0555 ###-###",
    "+996 555 ######",
    "нет",
]


def _phone(rng: random.Random) -> str:
    return "".join(str(rng.randint(0, 9)) if c == "#" else c for c in rng.choice(PHONES))


def write_people(path: Path, rows: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["Номер", *PROFILE["columns"]])  # type: ignore[misc]
        for number in range(rows):
            day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1950, 2005)
            writer.writerow(
                [
                    f"P-{number}",
                    rng.choice(FAMILY),
                    rng.choice(GIVEN),
                    rng.choice(PATRONYMIC),
                    rng.choice(["муж.", "жен."]),
                    f"{day:02d}.{month:02d}.{year}",
                    rng.choice(CITIZENSHIP),
                    f"AC{rng.randint(1_000_000, 9_999_999)}" if rng.random() < 0.6 else "",
                    _phone(rng) if rng.random() < 0.5 else "",
                ]
            )


def _user(engine: Any, code: str, username: str, role: str) -> None:
    from sqlalchemy import select

    from amanat.access.accounts import add_user
    from amanat.access.models import User
    from amanat.store.engine import transaction

    with transaction(engine) as session:
        if session.scalar(select(User.id).where(User.username == username)) is None:
            add_user(session, code, username, username, role, "benchmark password")


@contextmanager
def _acting(engine: Any, username: str) -> Iterator[Any]:
    """The door's context for a command run as ``username`` (as ``cli.door.acting_as``,
    without loading the command line's libraries into the measured process)."""
    from amanat.access.accounts import user_by_name
    from amanat.actions.actor import Actor, Credential
    from amanat.actions.door import Context
    from amanat.store.engine import transaction

    with transaction(engine) as session:
        user = user_by_name(session, username)
        yield Context(session, Actor(Credential.command_line, user))


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def import_step(folder: str, rows: int, queue: Any) -> None:
    from amanat.access.accounts import add_organisation
    from amanat.actions.intake import ImportRequest, run_import
    from amanat.intake.profile import parse_profile
    from amanat.store.engine import make_engine, transaction
    from amanat.store.migrate import upgrade

    path = Path(folder) / "people.csv"
    write_people(path, rows)
    engine = make_engine(f"sqlite:///{Path(folder) / 'register.sqlite'}")
    upgrade(engine)
    with transaction(engine) as session:
        add_organisation(session, "KG-POL", "Kyrgyz police", "police", "KG")
    _user(engine, "KG-POL", "importer", "investigator")
    request = ImportRequest(path, parse_profile(PROFILE))
    wall, cpu = time.perf_counter(), time.process_time()
    # Through the door, as `amanat import` runs it: one transaction, audited.
    with _acting(engine, "importer") as ctx:
        result = run_import(ctx, request)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert result.written and result.counts["person"].created == rows, result.errors[:5]
    figures = {"rows": rows, "seconds": wall, "cpu_seconds": cpu, "peak_mib": _peak_mib()}
    queue.put({**figures, **_phone_parsing(path, "KG")})


def _phone_parsing(path: Path, country: str) -> dict[str, Any]:
    """Every phone number of the CSV read as linkage reads it, the cache empty at first."""
    from amanat.names.phones import phone_key

    with path.open(encoding="utf-8", newline="") as rows:
        numbers = [row["Телефон"] for row in csv.DictReader(rows, delimiter=";") if row["Телефон"]]
    phone_key.cache_clear()
    cpu = time.process_time()
    keys = [phone_key(number, (country,)) for number in numbers]
    cpu = time.process_time() - cpu
    print(
        f"phones: {len(numbers):,} numbers parsed in {cpu:.1f} CPU s "
        f"({len(numbers) / cpu:,.0f} per CPU second; {keys.count(None):,} not valid)"
    )
    return {"phone_numbers": len(numbers), "phone_parse_cpu_seconds": cpu}


def export_step(database: str, queue: Any) -> None:
    from sqlalchemy import select

    from amanat.actions.exports import ExportRequest, run_export
    from amanat.register import Organisation
    from amanat.store.engine import make_engine, transaction

    engine = make_engine(f"sqlite:///{database}")
    with transaction(engine) as session:
        centre = session.scalar(
            select(Organisation.code).where(Organisation.kind == "regional_centre").limit(1)
        )
    _user(engine, str(centre), "benchmark-analyst", "analyst")
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "region.ftm.jsonl"
        wall, cpu = time.perf_counter(), time.process_time()
        with _acting(engine, "benchmark-analyst") as ctx:
            result = run_export(ctx, ExportRequest("ftm", output))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    queue.put(
        {"entities": result.rows, "seconds": wall, "cpu_seconds": cpu, "peak_mib": _peak_mib()}
    )


def build_demo(database: Path, size: str) -> None:
    from amanat.demo.region import build_region
    from amanat.store.engine import make_engine
    from amanat.store.migrate import upgrade

    engine = make_engine(f"sqlite:///{database}")
    upgrade(engine)
    build_region(engine, size, 1, database.with_suffix(".truth.csv"))


def _child(target: Any, *args: Any) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(*args, queue))
    process.start()
    found: dict[str, Any] = queue.get()
    process.join()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--demo", type=Path, default=Path(tempfile.gettempdir()) / "amanat-large.sqlite"
    )
    parser.add_argument("--size", default="large")
    parser.add_argument("--steps", default="import,export", help="Which steps to run.")
    parser.add_argument("--repeat", type=int, default=1, help="Export runs; the median.")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    steps = {s.strip() for s in args.steps.split(",")}
    figures: dict[str, Any] = {}
    if "import" in steps:
        figures["import_csv_sqlite"] = _import(args.rows)
    if "export" in steps:
        figures["export_ftm"] = _export(args.demo, args.size, args.repeat)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


def _import(rows: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        step = _child(import_step, folder, rows)
    step["rows_per_second"] = round(step["rows"] / step["seconds"])
    step["rows_per_cpu_second"] = round(step["rows"] / step["cpu_seconds"])
    print(
        f"import: {step['rows']:,} rows in {step['seconds']:.1f} s "
        f"({step['rows_per_second']:,} rows/s; {step['rows_per_cpu_second']:,} per CPU second), "
        f"peak {step['peak_mib']:.0f} MiB"
    )
    return step


def _export(demo: Path, size: str, repeat: int) -> dict[str, Any]:
    if not demo.exists():
        print(f"building the {size} demo region in {demo} ...")
        build_demo(demo, size)
    runs = []
    for _ in range(repeat):
        step = _child(export_step, str(demo))
        step["entities_per_second"] = round(step["entities"] / step["seconds"])
        step["entities_per_cpu_second"] = round(step["entities"] / step["cpu_seconds"])
        step["load_average"] = os.getloadavg()[0]
        print(
            f"export: {step['entities']:,} FtM entities in {step['seconds']:.1f} s "
            f"({step['entities_per_second']:,}/s; "
            f"{step['entities_per_cpu_second']:,} per CPU second), "
            f"peak {step['peak_mib']:.0f} MiB, load average {step['load_average']:.1f}"
        )
        runs.append(step)
    found: dict[str, Any] = {
        "entities": runs[0]["entities"],
        "median_entities_per_second": round(
            statistics.median(r["entities_per_second"] for r in runs)
        ),
        "median_entities_per_cpu_second": round(
            statistics.median(r["entities_per_cpu_second"] for r in runs)
        ),
        "runs": runs,
    }
    print(
        f"export, median of {repeat}: {found['median_entities_per_second']:,} entities/s "
        f"({found['median_entities_per_cpu_second']:,} per CPU second)"
    )
    return found


if __name__ == "__main__":
    main()

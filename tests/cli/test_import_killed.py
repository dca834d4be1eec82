"""A 200,000-row `amanat import` (20,000 on PostgreSQL) killed with SIGKILL early,
midway and late leaves the register as it was, and a re-run imports the file exactly
once.

The import is one transaction (``intake.loader``): a kill at any point before its
commit leaves nothing.  On SQLite the next process to open the file discards the
uncommitted pages the killed one left in its write-ahead log; on PostgreSQL, the
production layout, the server rolls back the transaction of a client that vanished and
frees its locks (and the advisory lock of the federation's change sequence) for the
next.  Importing the same file again updates the records it wrote (same organisation,
same external ids) rather than adding them twice.

Where to kill is read from the importing process itself: how far into the CSV its
open file is (``/proc/PID/fdinfo``), so "early" and "late" mean the same part of
the file on a fast machine and a slow one.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from benchmarks.intake import PROFILE, write_people
from sqlalchemy import func, select
from tests.databases import postgres_database

from amanat.store.engine import make_engine
from amanat.store.schema import metadata

pytestmark = pytest.mark.slow

AMANAT = str(Path(sys.executable).parent / "amanat")
# The 200,000 rows on SQLite.  On PostgreSQL what is tested is the server's side
# (a vanished client's transaction rolled back, its locks freed), which does not grow
# with the file, and 200,000 rows there took 19 minutes of a loaded CI machine.
ROWS = {"sqlite": 200_000, "postgresql": 20_000}
# How far into the file the importer has read when it is killed.
KILL_POINTS = (0.05, 0.5, 0.95)
# The audit trail grows with every command, by design: its entries are not the import's.
# So does the federation's change sequence, with every record written (checked apart).
AUDIT_TABLES = {"audit_entry", "federation_change"}
PASSWORD = ("--password", "importer-password-1")
IMPORT_SECONDS = 600.0  # 200,000 rows on a busy two-core machine, with a wide margin


def amanat(*arguments: str, database: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [AMANAT, *arguments, "--database", database],
        capture_output=True,
        text=True,
        timeout=IMPORT_SECONDS,
        stdin=subprocess.DEVNULL,
    )


def counts(database: str) -> dict[str, int]:
    """Rows per table of the register."""
    engine = make_engine(database)
    try:
        with engine.connect() as connection:
            return {
                t.name: int(connection.scalar(select(func.count()).select_from(t)) or 0)
                for t in metadata().sorted_tables
            }
    finally:
        engine.dispose()


def read_position(pid: int, path: Path) -> int | None:
    """How far process ``pid`` has read into ``path`` (None: it has not opened it)."""
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            if Path(os.readlink(fd)) == path:
                info = Path(f"/proc/{pid}/fdinfo/{fd.name}").read_text()
                return int(info.split("pos:", 1)[1].split()[0])
        except (OSError, IndexError, ValueError):
            continue  # closed meanwhile
    return None


def import_killed_at(fraction: float, command: list[str], csv: Path) -> None:
    """Start the import and SIGKILL it once it has read ``fraction`` of ``csv``."""
    target = int(csv.stat().st_size * fraction)
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + IMPORT_SECONDS
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                output = process.stdout.read().decode() if process.stdout else ""
                pytest.fail(f"the import ended before {fraction:.0%} of the file:\n{output}")
            try:
                position = read_position(process.pid, csv.resolve())
            except FileNotFoundError:
                position = None
            if position is not None and position >= target:
                process.send_signal(signal.SIGKILL)
                break
            time.sleep(0.01)
        else:
            pytest.fail(f"the import did not reach {fraction:.0%} of the file in time")
    finally:
        process.kill()
        process.wait()
    assert process.returncode == -signal.SIGKILL


@pytest.fixture(params=("sqlite", "postgresql"))
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'register.sqlite'}"
    return postgres_database(request.getfixturevalue("postgres_url"), "import_killed")


def test_an_import_killed_anywhere_leaves_nothing_and_a_rerun_imports_once(
    tmp_path: Path, backend: str, database: str
) -> None:
    rows = ROWS[backend]
    for step in (
        ["init"],
        ["org", "add", "KG-POL", "Kyrgyz police", "--kind", "police"],
        ["user", "add", "importer", "--org", "KG-POL", "--role", "investigator", *PASSWORD],
    ):
        done = amanat(*step, database=database)
        assert done.returncode == 0, done.stdout + done.stderr
    csv, profile = tmp_path / "people.csv", tmp_path / "people.yaml"
    write_people(csv, rows)  # the intake benchmark's file, smaller
    profile.write_text(json.dumps(PROFILE, ensure_ascii=False), encoding="utf-8")  # YAML too
    command = [AMANAT, "import", str(csv), "--profile", str(profile), "--user", "importer"]
    command += ["--database", database]
    before = counts(database)

    for fraction in KILL_POINTS:
        import_killed_at(fraction, command, csv)
        assert counts(database) == before, f"killed at {fraction:.0%} of the file"
        verified = amanat("audit", "verify", database=database)
        assert verified.returncode == 0, verified.stdout + verified.stderr

    done = amanat(*command[1:-2], database=database)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Imported {rows:,} rows" in done.stdout
    imported = counts(database)
    assert imported["person"] == before["person"] + rows
    assert imported["person_name"] == before["person_name"] + rows  # one name a row

    # The same file again: the same records updated in place, none added.
    again = amanat(*command[1:-2], database=database)
    assert again.returncode == 0, again.stdout + again.stderr
    after = counts(database)
    assert {t: n for t, n in after.items() if t not in AUDIT_TABLES} == {
        t: n for t, n in imported.items() if t not in AUDIT_TABLES
    }
    # Each person rewritten is one change for the peers to pull, and nothing else is.
    assert after["federation_change"] == imported["federation_change"] + rows
    verified = amanat("audit", "verify", database=database)
    assert verified.returncode == 0, verified.stdout + verified.stderr

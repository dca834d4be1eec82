"""`amanat reports` as a user runs it: add a report, see its candidates, confirm one
into the register with its source and span, reject another (nothing written)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from tests.cli.conftest import KeyRegister

REPORTS = Path(__file__).parents[1] / "reports"
USER = "kz-police-alm.investigator"
# The demo's users read Russian; the messages checked here are the English ones.
EN = {"AMANAT_LANG": "en"}


def _count(register: KeyRegister, table: str) -> int:
    # Closed here, not left to the garbage collector: a connection left open in this
    # process loses its locks when the test reads the file's bytes (POSIX locks belong
    # to the process), and the next one here then reads a stale WAL index ("database
    # disk image is malformed").  The file itself is sound.
    path = register.url.removeprefix("sqlite:///")
    with closing(sqlite3.connect(path)) as db:
        return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_add_show_confirm_and_reject(key_register: KeyRegister) -> None:
    report = REPORTS / "ru_arrest_conviction_seizure.txt"
    seizures, people = _count(key_register, "seizure"), _count(key_register, "person")
    out = key_register.ok(
        "reports",
        "add",
        str(report),
        "--user",
        USER,
        "--publisher",
        "Вестник Баткена",
        "--date",
        "2024-03-20",
        "--reliability",
        "C",
        **EN,
    )
    assert "(ru, reliability C)" in out
    # The file is kept sealed: its words are nowhere in the database in the clear.
    raw = Path(key_register.url.removeprefix("sqlite:///")).read_bytes()
    assert "героина".encode() not in raw
    shown = json.loads(key_register.ok("reports", "show", "1", "--user", USER, **EN))
    kinds = [c["kind"] for c in shown["candidates"]]
    assert {"arrest", "seizure", "conviction"} <= set(kinds)
    seizure = next(c for c in shown["candidates"] if c["kind"] == "seizure")
    assert seizure["counts"] == {"mass_kg": 20.0} and seizure["substance"] == "heroin"
    assert seizure["date"] == "2024-03-12"
    text = report.read_text("utf-8").strip()
    span = seizure["evidence"]
    assert text[span["start"] : span["stop"]] == span["quote"]
    # Nothing entered the register yet.
    assert _count(key_register, "seizure") == seizures
    # The publisher's reliability is remembered for its next report.
    again = key_register.ok(
        "reports",
        "add",
        str(report),
        "--user",
        USER,
        "--publisher",
        "Вестник Баткена",
        "--date",
        "2024-03-20",
        **EN,
    )
    assert "reliability C" in again

    done = key_register.ok(
        "reports",
        "confirm",
        str(seizure["id"]),
        "--user",
        USER,
        "--credibility",
        "3",
        "--edits",
        '{"country": "KG"}',
        **EN,
    )
    assert "confirmed: seizure" in done
    assert _count(key_register, "seizure") == seizures + 1
    path = key_register.url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        row = db.execute(
            "SELECT source_kind, reliability, credibility, country, source_id FROM seizure "
            "ORDER BY id DESC LIMIT 1"
        ).fetchone()
    assert row == ("open_source", "C", "3", "KG", shown["source"])

    person = next(c for c in shown["candidates"] if c["kind"] == "person")
    assert "rejected" in key_register.ok(
        "reports", "reject", str(person["id"]), "--user", USER, **EN
    )
    assert _count(key_register, "person") == people
    # A decided candidate is not decided twice; a negated event is never confirmed.
    twice = key_register.run("reports", "reject", str(person["id"]), "--user", USER, **EN)
    assert twice.returncode == 1 and "rejected already" in twice.stderr + twice.stdout
    negated = next(c for c in shown["candidates"] if c.get("negated"))
    refused = key_register.run(
        "reports", "confirm", str(negated["id"]), "--user", USER, "--credibility", "2", **EN
    )
    assert refused.returncode == 1
    listed = key_register.ok("reports", "list", "--user", USER, **EN)
    assert "confirmed 1, rejected 1" in listed
    # The demo's users read Russian: without AMANAT_LANG, the list speaks it.
    russian = key_register.ok("reports", "list", "--user", USER)
    assert "подтверждено: 1, отклонено: 1" in russian and "confirmed" not in russian


def test_another_organisation_sees_no_report(key_register: KeyRegister) -> None:
    key_register.ok(
        "reports",
        "add",
        str(REPORTS / "en_hedged.txt"),
        "--user",
        USER,
        "--date",
        "2013-10-20",
        **EN,
    )
    other = key_register.run("reports", "show", "1", "--user", "kg-mvd.investigator", **EN)
    assert other.returncode == 1 and "not found" in other.stderr + other.stdout


def test_unreadable_pdf_stores_nothing(key_register: KeyRegister, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really a pdf")
    done = key_register.run("reports", "add", str(broken), "--user", USER, **EN)
    assert done.returncode == 1
    assert "file" in done.stderr + done.stdout
    assert _count(key_register, "report") == 0 and _count(key_register, "source_file") == 0


def test_extract_writes_json_and_stores_nothing(key_register: KeyRegister, tmp_path: Path) -> None:
    out = tmp_path / "events.json"
    key_register.ok(
        "reports",
        "extract",
        str(REPORTS / "en_hedged.txt"),
        "--user",
        USER,
        "--json",
        str(out),
        "--date",
        "2013-10-20",
        **EN,
    )
    events = json.loads(out.read_text("utf-8"))
    seizure = next(e for e in events if e["kind"] == "seizure")
    assert seizure["date"] == "2013-10-14" and seizure["counts"]["mass_kg"] == 200.0
    assert any(e["hedged"] for e in events)
    assert any(e["negated"] and e["kind"] == "charge" for e in events)
    assert _count(key_register, "report") == 0


def _column(register: KeyRegister, query: str) -> list[Any]:
    path = register.url.removeprefix("sqlite:///")
    with closing(sqlite3.connect(path)) as db:
        return [row[0] for row in db.execute(query)]


def test_a_data_key_rotation_reseals_reports_and_they_still_open(
    key_register: KeyRegister,
) -> None:
    key_register.ok(
        "reports",
        "add",
        str(REPORTS / "ru_arrest_conviction_seizure.txt"),
        "--user",
        USER,
        "--date",
        "2024-03-20",
        **EN,
    )
    before = json.loads(key_register.ok("reports", "show", "1", "--user", USER, **EN))
    org = _column(key_register, "SELECT org_id FROM report")[0]
    code = _column(key_register, f"SELECT code FROM organisation WHERE id = {org}")[0]
    sealed = _column(key_register, "SELECT details_sealed FROM report_candidate ORDER BY id")
    rotated = key_register.ok("vault", "rotate-data-key", code, "--batch-size", "1", **EN)
    assert f"Data key of {code} rotated" in rotated
    # The report is under the new key, its candidates sealed afresh with it ...
    assert _column(key_register, "SELECT key_version FROM report") == [2]
    resealed = _column(key_register, "SELECT details_sealed FROM report_candidate ORDER BY id")
    assert len(resealed) == len(sealed) and not set(resealed) & set(sealed)
    # ... and they read as before, now that the old key is gone.
    after = json.loads(key_register.ok("reports", "show", "1", "--user", USER, **EN))
    assert after == before

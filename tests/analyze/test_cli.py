"""The analysis commands as a user runs them: as a named user, audited, files
written only with the export permission."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import typer
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from amanat.access.accounts import add_user
from amanat.access.audit_store import AuditRecord
from amanat.cli import analyze
from amanat.store.engine import session_factory, transaction

from .conftest import build

runner = CliRunner()
app = typer.Typer()
app.command("pipeline")(analyze.pipeline_command)
app.command("flows")(analyze.flows_command)
app.command("network")(analyze.network_command)
app.command("report")(analyze.report_command)
app.command("stats-publish")(analyze.stats_publish_command)


def _register(sqlite_engine: Engine) -> str:
    build(sqlite_engine)
    with transaction(sqlite_engine) as session:
        add_user(session, "KZ-POL", "aigerim", "Aigerim", "analyst", "correct horse battery")
        add_user(session, "KZ-POL", "auditor", "Audit", "auditor", "correct horse battery")
    return str(sqlite_engine.url)


def test_commands_write_files_and_audit(sqlite_engine: Engine, tmp_path: Path) -> None:
    url = _register(sqlite_engine)
    out = runner.invoke(
        app,
        [
            "pipeline",
            "--user",
            "aigerim",
            "--country",
            "kz",
            "--type",
            "tip",
            "--from",
            "2020",
            "--to",
            "2021",
            "--json",
            str(tmp_path / "p.json"),
            "-d",
            url,
        ],
    )
    assert out.exit_code == 0, out.output
    assert json.loads((tmp_path / "p.json").read_text())["funnel"][0] == {
        "stage": "reported",
        "count": 3,
        "conversion": None,
    }
    out = runner.invoke(
        app, ["flows", "--user", "aigerim", "--svg", str(tmp_path / "svg"), "-d", url]
    )
    assert out.exit_code == 0, out.output
    assert (tmp_path / "svg" / "victims-map.svg").read_text().startswith("<svg")
    out = runner.invoke(
        app,
        [
            "network",
            "--user",
            "aigerim",
            "--graphml",
            str(tmp_path / "n.graphml"),
            "--ftm",
            str(tmp_path / "n.ftm"),
            "-d",
            url,
        ],
    )
    assert out.exit_code == 0, out.output
    out = runner.invoke(
        app,
        [
            "report",
            "--user",
            "aigerim",
            "--country",
            "KZ",
            "--year",
            "2021",
            "--lang",
            "ru",
            "-o",
            str(tmp_path / "r.html"),
            "-d",
            url,
        ],
    )
    assert out.exit_code == 0, out.output
    out = runner.invoke(
        app,
        [
            "stats-publish",
            "--user",
            "aigerim",
            "--year",
            "2020",
            "--csv",
            str(tmp_path / "csv"),
            "-d",
            url,
        ],
    )
    assert out.exit_code == 0, out.output
    written = sorted((tmp_path / "csv").glob("*.csv"))
    cells = [
        c for p in written for row in csv.reader(p.read_text("utf-8").splitlines()) for c in row
    ]
    assert written and cells
    assert not [c for c in cells if c.startswith("'")]  # counts stay numbers, not text
    with session_factory(sqlite_engine)() as session:
        actions = session.execute(select(AuditRecord.action, AuditRecord.target_id)).all()
    assert ("analyze", "pipeline") in actions and ("export", "network.graphml") in actions
    assert ("export", "report.html") in actions
    with session_factory(sqlite_engine)() as session:
        written = session.scalars(
            select(AuditRecord.detail).where(AuditRecord.target_id == "report.html")
        ).one()
    # The entry records the report's own period: the five years up to --year.
    assert (json.loads(written)["year_from"], json.loads(written)["year_to"]) == (2017, 2021)


def test_a_role_that_reads_no_records_is_refused(sqlite_engine: Engine, tmp_path: Path) -> None:
    url = _register(sqlite_engine)
    out = runner.invoke(app, ["pipeline", "--user", "auditor", "-d", url])
    assert out.exit_code == 1 and "lacks 'read'" in out.output
    report = tmp_path / "r.html"
    args = ["report", "--user", "auditor", "--country", "KZ", "--year", "2021", "-o", str(report)]
    out = runner.invoke(app, [*args, "-d", url])
    assert out.exit_code == 1 and "lacks 'export'" in out.output and not report.exists()
    out = runner.invoke(app, ["pipeline", "--user", "nobody", "-d", url])
    assert out.exit_code == 1
    with session_factory(sqlite_engine)() as session:
        assert session.scalars(select(AuditRecord.action)).all() == []


def test_the_report_is_offered_in_every_language() -> None:
    from amanat.language.i18n import LANGUAGES

    assert tuple(analyze.Language) == LANGUAGES


def test_a_report_is_in_the_users_own_language_unless_asked(
    sqlite_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = _register(sqlite_engine)
    monkeypatch.chdir(tmp_path)  # the default file names are in the current folder
    with transaction(sqlite_engine) as session:
        add_user(session, "KZ-POL", "yerlan", "Ерлан", "analyst", "correct horse battery", "ru")
    base = ["report", "--country", "KZ", "--year", "2021", "-d", url]
    for user in ("yerlan", "aigerim"):
        out = runner.invoke(app, [*base, "--user", user], catch_exceptions=False)
        assert out.exit_code == 0, out.output
    assert 'lang="ru"' in (tmp_path / "report-KZ-2021-ru.html").read_text("utf-8")
    assert 'lang="en"' in (tmp_path / "report-KZ-2021-en.html").read_text("utf-8")

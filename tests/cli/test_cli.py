"""The command line as a user runs it, and its documentation."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from amanat.cli.main import app
from amanat.service.settings import ServiceSettings
from amanat.store.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLE = ROOT / "docs" / "examples" / "submission.json"
runner = CliRunner()


def _commands(group: Any, prefix: str = "amanat") -> list[str]:
    # Typer vendors its own click; walk its command tree by shape, not by class.
    names: list[str] = []
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        if getattr(command, "commands", None):
            names.extend(_commands(command, path))
        else:
            names.append(path)
    return names


ALL_COMMANDS = _commands(typer.main.get_group(app))


@pytest.fixture
def database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'register.sqlite'}"


def test_there_are_commands() -> None:
    assert {"amanat init", "amanat stats", "amanat demo", "amanat demo-data"} <= set(ALL_COMMANDS)


@pytest.mark.parametrize("command", ALL_COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(command: str) -> None:
    result = runner.invoke(app, [*command.split()[1:], "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output
    assert f"`{command}" in README, f"{command} is not documented in README.md"


@pytest.mark.parametrize("setting", sorted({*Settings.model_fields, *ServiceSettings.model_fields}))
def test_every_setting_is_in_the_readme(setting: str) -> None:
    assert f"AMANAT_{setting.upper()}" in README


def test_init_is_idempotent_and_stats_counts(database: str) -> None:
    for _ in range(2):
        result = runner.invoke(app, ["init", "--database", database])
        assert result.exit_code == 0, result.output
        assert "Register ready" in result.output
    result = runner.invoke(app, ["stats", "--database", database])
    assert result.exit_code == 0, result.output
    assert re.search(r"person\s+│\s+0", result.output)


def test_stats_on_a_database_that_is_not_a_register(database: str) -> None:
    result = runner.invoke(app, ["stats", "--database", database])
    assert result.exit_code == 1
    assert "run `amanat init` first" in result.output


def _register_example_organisation(database: str) -> None:
    """KG-POL, whose records the example is, with an investigator and a statistics
    officer; and a Kazakh investigator."""
    from amanat.access.accounts import add_organisation, add_user
    from amanat.store.engine import make_engine, transaction

    with transaction(make_engine(database)) as session:
        add_organisation(session, "KG-POL", "Kyrgyz police", "police", "KG")
        add_organisation(session, "KZ-POL", "Kazakh police", "police", "KZ")
        add_user(session, "KG-POL", "asel", "Asel", "investigator", "correct horse battery")
        add_user(session, "KG-POL", "stat", "Stat", "statistics_officer", "correct horse battery")
        add_user(session, "KZ-POL", "erlan", "Erlan", "investigator", "correct horse battery")


def _submit(database: str, file: Path, user: str = "asel") -> Any:
    return runner.invoke(app, ["submit", str(file), "--user", user, "--database", database])


def test_submit_the_documented_example(database: str) -> None:
    from sqlalchemy import select

    from amanat.access.audit_store import AuditRecord
    from amanat.store.engine import make_engine

    runner.invoke(app, ["init", "--database", database])
    _register_example_organisation(database)
    result = _submit(database, EXAMPLE)
    assert result.exit_code == 0, result.output
    assert "Submitted by KG-POL: 1 person, 1 case, 1 case_role, 1 pipeline_event" in result.output
    stats = runner.invoke(app, ["stats", "--database", database]).output
    assert re.search(r"pipeline_event\s+│\s+1", stats)
    # Through the door, as the API's submissions: an entry per record, as the user.
    with make_engine(database).connect() as connection:
        query = select(AuditRecord.target_kind, AuditRecord.detail).where(
            AuditRecord.action == "write"
        )
        entries = list(connection.execute(query))
    assert sorted(kind for kind, _ in entries) == ["case", "case_role", "person", "pipeline_event"]
    assert {json.loads(detail)["via"] for _, detail in entries} == {"command line as a user"}


def test_a_rejected_submission_writes_nothing(database: str, tmp_path: Path) -> None:
    runner.invoke(app, ["init", "--database", database])
    _register_example_organisation(database)
    document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    document["records"][-1]["occurred_on"] = "2024-13-01"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    result = _submit(database, bad)
    assert result.exit_code == 1
    assert "nothing written" in result.output
    assert "records[3].pipeline_event.occurred_on: '2024-13-01'" in result.output
    stats = runner.invoke(app, ["stats", "--database", database]).output
    assert re.search(r"person\s+│\s+0", stats)


def test_nobody_submits_in_another_organisations_name_or_without_the_right(
    database: str,
) -> None:
    runner.invoke(app, ["init", "--database", database])
    _register_example_organisation(database)
    other = _submit(database, EXAMPLE, user="erlan")
    assert other.exit_code == 1
    assert "the file names 'KG-POL', but erlan belongs to 'KZ-POL'" in other.output
    refused = _submit(database, EXAMPLE, user="stat")
    assert refused.exit_code == 1
    assert "lacks 'create'" in refused.output
    assert _submit(database, EXAMPLE, user="nobody").exit_code == 1
    stats = runner.invoke(app, ["stats", "--database", database]).output
    assert re.search(r"person\s+│\s+0", stats)


def test_vocabularies_in_russian() -> None:
    result = runner.invoke(app, ["vocab", "show", "exploitation_form", "--lang", "ru"])
    assert result.exit_code == 0
    assert "Принудительный труд" in result.output
    missing = runner.invoke(app, ["vocab", "show", "no_such_thing"])
    assert missing.exit_code == 1
    assert "no vocabulary called 'no_such_thing'" in missing.output


def test_user_administration_with_a_second_factor(database: str) -> None:
    runner.invoke(app, ["init", "--database", database])
    _register_example_organisation(database)
    added = runner.invoke(
        app,
        [
            "user",
            "add",
            "aibek",
            "--org",
            "KG-POL",
            "--role",
            "investigator",
            "--password",
            "a long enough password",
            "--database",
            database,
        ],
    )
    assert added.exit_code == 0, added.output
    enrolled = runner.invoke(app, ["user", "totp", "aibek", "--database", database])
    assert enrolled.exit_code == 0, enrolled.output
    assert "otpauth://totp/" in enrolled.output
    listed = runner.invoke(app, ["user", "list", "--database", database])
    assert re.search(r"aibek\s+│\s+KG-POL\s+│\s+investigator\s+│\s+yes\s+│\s+yes", listed.output)
    weak = runner.invoke(
        app,
        [
            "user",
            "add",
            "x",
            "--org",
            "KG-POL",
            "--role",
            "analyst",
            "--password",
            "short",
            "--database",
            database,
        ],
    )
    assert weak.exit_code == 1 and "at least 10" in weak.output


@pytest.mark.slow
def test_demo_builds_links_and_shows_the_region(tmp_path: Path) -> None:
    """`make demo` without the server: the small region, resolved, and its logins."""
    from sqlalchemy import func, select

    from amanat.resolve.models import EntityMember, Judgement
    from amanat.store.engine import make_engine

    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    result = runner.invoke(app, ["demo", "--no-serve", "--database", url])
    assert result.exit_code == 0, result.output
    assert "queued for review" in result.output and "rc-almaty.analyst" in result.output
    with make_engine(url).connect() as connection:
        kinds = dict(
            connection.execute(
                select(EntityMember.record_kind, func.count()).group_by(EntityMember.record_kind)
            ).all()
        )
        judged = connection.scalar(select(func.count()).select_from(Judgement))
    assert kinds.get("person", 0) > 100 and kinds.get("phone", 0) > 10, kinds
    assert judged and judged > 100

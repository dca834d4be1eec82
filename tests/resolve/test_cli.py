"""`amanat resolve ...` and `amanat screen` as a user runs them."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import typer
from tests.resolve.conftest import TinyRegister
from typer.testing import CliRunner

from amanat.cli import resolve as resolve_cli

runner = CliRunner()
# The commands as `amanat` registers them (see the module docstring of cli/resolve.py).
amanat = typer.Typer()
amanat.add_typer(resolve_cli.app, name="resolve")
amanat.command("screen")(resolve_cli.screen_command)


def call(tiny: TinyRegister, *args: str) -> str:
    url = tiny.engine.url.render_as_string(hide_password=False)
    result = runner.invoke(amanat, [*args, "--database", url])
    assert result.exit_code == 0, result.output
    return result.output


def test_run_status_judge_undo_split(tiny: TinyRegister) -> None:
    out = call(tiny, "resolve", "run")
    assert re.search(r"Run 1 \(full, model person-f\d+-default, default\)", out)
    assert "merged" in call(tiny, "resolve", "status")
    marat, ruslan = str(tiny.id("marat")), str(tiny.id("ruslan"))
    judged = call(tiny, "resolve", "judge", marat, ruslan, "same", "--user", "aigul")
    judgement = re.search(r"Judgement (\d+)", judged)
    assert judgement is not None
    assert "undone" in call(tiny, "resolve", "undo", judgement.group(1), "--user", "aigul")
    third = str(tiny.ids["erlan"][2])
    assert "split off" in call(tiny, "resolve", "split", third, "--user", "aigul")
    # a user's first run covers what they see; the next only what arrived since
    assert "(full," in call(tiny, "resolve", "run", "--user", "aigul")
    assert "(incremental," in call(tiny, "resolve", "run", "--user", "aigul")


def test_review_lists_pairs_side_by_side(tiny: TinyRegister) -> None:
    call(tiny, "resolve", "run", "--auto-merge", "0.99999999999", "--review", "0.5")
    out = call(tiny, "resolve", "review", "--user", "aigul", "--no-interactive")
    assert "pairs open in the queue" in out
    assert "name (" in out and "same phonetic key" in out


def test_review_asks_and_records_the_answer(tiny: TinyRegister) -> None:
    call(tiny, "resolve", "run", "--auto-merge", "0.99999999999", "--review", "0.5")
    url = tiny.engine.url.render_as_string(hide_password=False)
    args = ["resolve", "review", "--user", "aigul", "--interactive", "--limit", "1"]
    result = runner.invoke(amanat, [*args, "--database", url], input="d\n")
    assert result.exit_code == 0, result.output
    assert "different" in result.output


def test_screen_writes_hits_with_reasons(tiny: TinyRegister, tmp_path: Path) -> None:
    call(tiny, "resolve", "run")
    registry = tmp_path / "registry.csv"
    registry.write_text("name,birth_date\nJumanbekov Erlan,1985-03-14\nX,1900\n", encoding="utf-8")
    hits = tmp_path / "hits.csv"
    call(tiny, "screen", str(registry), "--list", "all", "--user", "aigul", "--out", str(hits))
    lines = hits.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("row,name,birth_date,person_id")
    assert len(lines) == 1 + 3  # the three records of Erlan the analyst may see
    assert all(",hit," in line and "name:" in line for line in lines[1:])


def test_screen_hits_open_in_a_spreadsheet_as_text(tiny: TinyRegister, tmp_path: Path) -> None:
    # The registry is outside data: its ids and names may be formulas.
    call(tiny, "resolve", "run")
    registry = tmp_path / "registry.csv"
    with registry.open("w", encoding="utf-8", newline="") as out:
        rows = csv.writer(out)
        rows.writerow(["id", "name", "birth_date"])
        rows.writerow(
            ['=HYPERLINK("http://example.invalid","y")', "@Jumanbekov Erlan", "1985-03-14"]
        )
        rows.writerow(["+1+1", "-Jumanbekov Erlan", "1985-03-14"])
        rows.writerow(["-2+3", "=Jumanbekov Erlan", "1985-03-14"])
    hits = tmp_path / "hits.csv"
    call(tiny, "screen", str(registry), "--list", "all", "--user", "aigul", "--out", str(hits))
    with hits.open(encoding="utf-8", newline="") as source:
        found = list(csv.DictReader(source))
    assert {(r["row"], r["name"]) for r in found} == {
        ('\'=HYPERLINK("http://example.invalid","y")', "'@Jumanbekov Erlan"),
        ("'+1+1", "'-Jumanbekov Erlan"),
        ("'-2+3", "'=Jumanbekov Erlan"),
    }
    assert all(float(r["probability"]) > 0 for r in found)  # numbers stay numbers


def test_unknown_user_and_list_fail_clearly(tiny: TinyRegister, tmp_path: Path) -> None:
    url = tiny.engine.url.render_as_string(hide_password=False)
    result = runner.invoke(amanat, ["resolve", "review", "--user", "nobody", "--database", url])
    assert result.exit_code == 1 and "nobody" in result.output
    call(tiny, "resolve", "run")
    registry = tmp_path / "r.csv"
    registry.write_text("name\nX\n", encoding="utf-8")
    args = ["screen", str(registry), "--list", "missing", "--user", "aigul", "--database", url]
    result = runner.invoke(amanat, args)
    assert result.exit_code == 1 and "unknown list" in result.output


def test_only_those_allowed_to_resolve_judge(tiny: TinyRegister) -> None:
    from amanat.access.accounts import add_user
    from amanat.store.engine import transaction

    with transaction(tiny.engine) as session:
        add_user(session, "KZ-POL", "timur", "Timur", "investigator", "pw-timur-123456")
    call(tiny, "resolve", "run")
    url = tiny.engine.url.render_as_string(hide_password=False)
    marat, ruslan = str(tiny.id("marat")), str(tiny.id("ruslan"))
    args = ["resolve", "judge", marat, ruslan, "same", "--user", "timur", "--database", url]
    result = runner.invoke(amanat, args)
    assert result.exit_code == 1 and "permission denied" in result.output.lower()
    assert "Judgement" not in result.output


def test_a_disabled_account_or_one_awaiting_its_role_may_not_act(tiny: TinyRegister) -> None:
    from sqlalchemy import select

    from amanat.access.accounts import add_user
    from amanat.access.models import User
    from amanat.store.engine import transaction

    with transaction(tiny.engine) as session:
        add_user(session, "KZ-POL", "waiting", "Waiting", "analyst", "pw-waiting-12345")
        for user in session.scalars(select(User).where(User.username.in_(["aigul", "waiting"]))):
            if user.username == "aigul":
                user.is_active = False
            else:
                user.role_approved = False
    call(tiny, "resolve", "run")
    url = tiny.engine.url.render_as_string(hide_password=False)
    marat, ruslan = str(tiny.id("marat")), str(tiny.id("ruslan"))
    for username in ("aigul", "waiting"):
        args = ["resolve", "judge", marat, ruslan, "same", "--user", username, "--database", url]
        result = runner.invoke(amanat, args)
        assert result.exit_code == 1 and "may not act" in result.output, result.output


def test_the_regional_run_is_audited_as_the_operators(tiny: TinyRegister) -> None:
    from sqlalchemy import select

    from amanat.access.audit_store import AuditRecord
    from amanat.store.engine import session_factory

    call(tiny, "resolve", "run")
    call(tiny, "resolve", "run", "--user", "aigul")
    with session_factory(tiny.engine)() as session:
        runs = session.execute(
            select(AuditRecord.actor_user_id, AuditRecord.detail).where(
                AuditRecord.action == "resolve_run"
            )
        ).all()
    assert [(user, json.loads(text)["via"]) for user, text in runs] == [
        (None, "system operator"),
        (tiny.analyst.user_id, "command line as a user"),
    ]

"""The error report of `amanat import` (the file the web app and the API hand out
too): safe to open in a spreadsheet whatever the imported file held."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner

from amanat.cli.main import app
from amanat.intake.problems import RowError
from amanat.intake.report import write_error_report

FORMULAS = ('=HYPERLINK("http://example.invalid","y")', "+1+1", "-2+3", "@SUM(A1)")
PROFILE = """kind: person
id: Номер
marking: {tlp: AMBER, handling: H1, reliability: B, credibility: "2"}
columns:
  Фамилия: name.family
  "=Пол": {field: sex, values: {муж.: male, жен.: female}}
"""


def test_import_errors_are_reported_as_text_not_formulas(
    registered_sqlite: Engine, tmp_path: Path
) -> None:
    people = tmp_path / "people.csv"
    with people.open("w", encoding="utf-8", newline="") as out:
        rows = csv.writer(out, delimiter=";")
        rows.writerow(["Номер", "Фамилия", "=Пол"])
        rows.writerows((f"P-{i}", "Асанов", value) for i, value in enumerate(FORMULAS))
    profile = tmp_path / "people.yaml"
    profile.write_text(PROFILE, encoding="utf-8")
    database = registered_sqlite.url.render_as_string(hide_password=False)
    args = ["import", str(people), "--profile", str(profile), "--user", "asel"]
    result = CliRunner().invoke(app, [*args, "--database", database])
    assert result.exit_code == 1, result.output
    with (tmp_path / "people.csv.errors.csv").open(encoding="utf-8-sig", newline="") as source:
        report = list(csv.reader(source))
    assert report[0] == ["row", "column", "value", "reason"]
    assert [(row, column, value) for row, column, value, _ in report[1:]] == [
        (str(i + 2), "'=Пол", "'" + value) for i, value in enumerate(FORMULAS)
    ]


def test_the_report_keeps_row_numbers_numbers_and_reasons_readable(tmp_path: Path) -> None:
    path = tmp_path / "errors.csv"
    errors = [
        RowError(7, "@SUM(A1)", "-5", "not_a_number"),
        RowError(8, "Год", "-5+1", "not_a_number"),
    ]
    write_error_report(path, errors, "ru")
    with path.open(encoding="utf-8-sig", newline="") as source:
        report = list(csv.reader(source))
    assert report[0] == ["строка", "столбец", "значение", "причина"]
    # "-5" is read by a spreadsheet as the number it is; "-5+1" would be computed.
    assert [r[:3] for r in report[1:]] == [["7", "'@SUM(A1)", "-5"], ["8", "Год", "'-5+1"]]

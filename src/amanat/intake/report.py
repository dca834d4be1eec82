"""The error report: every bad cell as row, column, value and reason, as CSV in the
language of the person importing, safe to open in a spreadsheet."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from amanat.cells import CsvWriter
from amanat.intake.problems import RowError
from amanat.language.i18n import N_, gettext

HEADINGS = (N_("row"), N_("column"), N_("value"), N_("reason"))


def write_error_report(path: Path, errors: Sequence[RowError], lang: str = "en") -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = CsvWriter(out)
        writer.writerow([gettext(lang, heading) for heading in HEADINGS])
        writer.writerows((e.row, e.column, e.value, e.reason(lang)) for e in errors)

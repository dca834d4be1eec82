"""An XLSX workbook for officials: one sheet per kind of record, headings and
vocabulary values in the chosen language (fields named as the web names them, through
the one gettext domain), parts (names, citizenships, charges,
drugs ...) in a column of their own.  Written in openpyxl's streaming mode, so a
large export never sits in memory; a sheet that reaches Excel's row limit goes on in
a second sheet.  Text that a spreadsheet could take for a formula is written as a
string cell, never as a formula.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from amanat.cells import is_formula_like
from amanat.exchange.scope import ExportScope, Record, parts_of, records
from amanat.intake.fields import MAIN_COLUMN
from amanat.language.i18n import N_, gettext, in_language
from amanat.register import RECORD_KINDS, Base, Organisation
from amanat.register.labels import FIELD_LABELS, TABLE_LABELS
from amanat.register.system import Shown, hidden_from
from amanat.vocab import vocabulary

EXCEL_ROWS = 1_048_576
SHEETS = (
    "person", "victim", "case", "case_role", "pipeline_event", "seizure", "weapon",
    "storage_loss", "group", "vehicle", "phone", "relationship", "place", "source",
)  # fmt: skip
# A sheet of each kind of record, as its title reads.
SHEET_TITLES = {
    "person": N_("People"),
    "victim": N_("Victims"),
    "case": N_("Cases"),
    "case_role": N_("Roles in cases"),
    "pipeline_event": N_("Procedural steps"),
    "seizure": N_("Seizures"),
    "weapon": N_("Weapons"),
    "storage_loss": N_("Weapons lost from storage"),
    "group": N_("Groups"),
    "vehicle": N_("Vehicles"),
    "phone": N_("Phones"),
    "relationship": N_("Relationships"),
    "place": N_("Places"),
    "source": N_("Sources"),
}
YES_NO = (N_("yes"), N_("no"))
PSEUDONYM = N_("Pseudonym")


def heading(column: Any, lang: str) -> str:
    """A column's heading: the field's label, as pages and forms name it; else its
    vocabulary's name; else the column's own name."""
    key = str(column.key)
    if key in FIELD_LABELS:
        return gettext(lang, FIELD_LABELS[key])
    name = column.info.get("vocabulary")
    if name is not None:
        return in_language(vocabulary(str(name)).labels, lang)
    return key.replace("_", " ").capitalize()


class _Column:
    def __init__(self, column: Any, lang: str) -> None:
        self.key = column.key
        name = column.info.get("vocabulary")
        self.heading = heading(column, lang)
        self.codes: dict[str, str] = {}
        if name is not None:
            self.codes = {t.code: in_language(t.labels, lang) for t in vocabulary(str(name))}


def _cell(sheet: WriteOnlyWorksheet, value: object) -> object:
    if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
        # XML cannot hold most control characters (a pasted form feed, a stray BEL):
        # shown as U+FFFD rather than failing the whole export.
        value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    if isinstance(value, str) and is_formula_like(value):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # text, whatever it begins with
        return cell
    return value


class _Sheets:
    """Sheets of one kind, continued in a new sheet past Excel's row limit."""

    def __init__(self, book: Workbook, title: str, headings: list[str]) -> None:
        self.book, self.title, self.headings = book, title, headings
        self.rows = EXCEL_ROWS
        self.count = 0
        self.sheet: WriteOnlyWorksheet | None = None

    def append(self, values: Sequence[object]) -> None:
        if self.rows >= EXCEL_ROWS:
            self.count += 1
            title = self.title if self.count == 1 else f"{self.title} {self.count}"
            self.sheet = self.book.create_sheet(title[:31])
            self.sheet.append(self.headings)
            self.rows = 1
        assert self.sheet is not None
        self.sheet.append([_cell(self.sheet, v) for v in values])
        self.rows += 1


def _part_text(rows: Sequence[Any], table: str) -> str:
    key = MAIN_COLUMN.get(table, "id")
    return "; ".join(str(r._mapping[key]) for r in rows if r._mapping[key] is not None)


def _value(column: _Column, value: object, lang: str, owners: dict[int, str]) -> object:
    if value is None:
        return None
    if column.key == "org_id":
        return owners.get(int(str(value)), value)
    if column.codes:
        return column.codes.get(str(value), value)
    if isinstance(value, bool):
        return gettext(lang, YES_NO[0 if value else 1])
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)  # Excel has no time zones; the register is UTC
    if isinstance(value, Decimal):
        return float(value)
    return value


def write_kind(
    scope: ExportScope,
    book: Workbook,
    kind: str,
    owners: dict[int, str],
    tick: Callable[[int], None] | None,
) -> int:
    model: type[Base] = RECORD_KINDS[kind]
    table = Base.metadata.tables[str(model.__tablename__)]
    hidden = hidden_from(model, Shown.SPREADSHEET)  # what officials need not read
    columns = [_Column(c, scope.lang) for c in table.columns if c.key not in hidden]
    parts = parts_of(model)
    headings = [c.heading for c in columns]
    headings += [gettext(scope.lang, TABLE_LABELS.get(r, r)) for r in parts]
    if kind == "person":
        headings.append(gettext(scope.lang, PSEUDONYM))
    title = gettext(scope.lang, SHEET_TITLES[kind])
    sheets = _Sheets(book, title, headings)
    count = 0
    for record in records(scope, model):
        row = _values(record, columns, scope.lang, owners)
        for relation, (part, _) in parts.items():
            row.append(_part_text(record.parts[relation], str(part.__tablename__)))
        if kind == "person":
            row.append(record.pseudonym)
            if record.identity is not None:
                names_at = len(columns) + list(parts).index("names")
                row[names_at] = "; ".join(n["full_name"] for n in record.identity.names)
        sheets.append(row)
        count += 1
        if tick is not None and not count % 10_000:
            tick(count)
    if count == 0:
        sheets.append([])
    scope.count(kind, count)
    return count


def _values(
    record: Record, columns: list[_Column], lang: str, owners: dict[int, str]
) -> list[object]:
    mapping = record.row._mapping
    return [_value(c, mapping[c.key], lang, owners) for c in columns]


def write_workbook(scope: ExportScope, path: Path, tick: Callable[[int], None] | None) -> int:
    book = Workbook(write_only=True)
    owners = {row.id: row.code for row in scope.session.query(Organisation.id, Organisation.code)}
    total = sum(write_kind(scope, book, kind, owners, tick) for kind in SHEETS)
    book.save(path)
    return total

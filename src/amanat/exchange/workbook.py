"""An XLSX workbook for officials: one sheet per kind of record, headings and
vocabulary values in the chosen language, parts (names, citizenships, charges,
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
from amanat.intake.headings import label
from amanat.register import RECORD_KINDS, Base, Organisation
from amanat.register.system import Shown, hidden_from
from amanat.vocab import vocabulary

EXCEL_ROWS = 1_048_576
SHEETS = (
    "person", "victim", "case", "case_role", "pipeline_event", "seizure", "weapon",
    "storage_loss", "group", "vehicle", "phone", "relationship", "place", "source",
)  # fmt: skip
SHEET_TITLES = {
    "ru": {
        "person": "Лица", "victim": "Жертвы", "case": "Дела", "case_role": "Роли в делах",
        "pipeline_event": "Процессуальные действия", "seizure": "Изъятия", "weapon": "Оружие",
        "storage_loss": "Утраты оружия", "group": "Группы", "vehicle": "Транспорт",
        "phone": "Телефоны", "relationship": "Связи", "place": "Места", "source": "Источники",
    },
}  # fmt: skip
PART_TITLES = {
    "en": {"means_of_control": "means of control"},
    "ru": {
        "names": "Имена", "citizenships": "Гражданство", "documents": "Документы",
        "phones": "Телефоны", "addresses": "Адреса", "charges": "Статьи обвинения",
        "exploitation": "Формы эксплуатации", "means_of_control": "Способы контроля",
        "movements": "Перемещения", "assistance": "Помощь", "consents": "Согласия",
        "drugs": "Наркотики",
    },
}  # fmt: skip
YES_NO = {"en": ("yes", "no"), "ru": ("да", "нет")}


class _Column:
    def __init__(self, kind: str, column: Any, lang: str) -> None:
        self.key = column.key
        name = column.info.get("vocabulary")
        self.heading = label(kind, column.key, lang, None if name is None else str(name))
        self.codes: dict[str, str] = {}
        if name is not None:
            self.codes = {t.code: t.label(lang) for t in vocabulary(str(name))}


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
        return YES_NO.get(lang, YES_NO["en"])[0 if value else 1]
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
    columns = [_Column(kind, c, scope.lang) for c in table.columns if c.key not in hidden]
    parts = parts_of(model)
    headings = [c.heading for c in columns]
    headings += [PART_TITLES.get(scope.lang, {}).get(r, r.replace("_", " ")) for r in parts]
    if kind == "person":
        headings.append("Pseudonym" if scope.lang == "en" else "Псевдоним")
    title = SHEET_TITLES.get(scope.lang, {}).get(kind, kind)
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

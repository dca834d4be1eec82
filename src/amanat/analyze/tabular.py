"""A plain table — the one shape every analysis can hand to the terminal, a CSV or
JSON file, the web app and the report."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from amanat.cells import CsvWriter

Cell = str | int | float | bool | None


@dataclass
class Table:
    """Rows of cells under named columns; ``name`` is stable (files, the web app)."""

    name: str
    title: str
    columns: Sequence[str]
    rows: list[Sequence[Cell]] = field(default_factory=list)
    note: str = ""

    def records(self) -> list[dict[str, Cell]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "title": self.title, "note": self.note, "rows": self.records()}

    def to_csv(self) -> str:
        buffer = io.StringIO()
        writer = CsvWriter(buffer)
        writer.writerow(self.columns)
        writer.writerows(self.rows)
        return buffer.getvalue()


def write_xlsx(tables: Sequence[Table], path: Path) -> None:
    """The tables as one workbook, a sheet each (named after the table), with the
    table's title and note above its columns.  Text is written as string cells, which
    no spreadsheet evaluates (``amanat.cells``)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    def text(sheet: WriteOnlyWorksheet, value: str) -> object:
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # text, whatever it begins with: never a formula
        return cell

    book = Workbook(write_only=True)
    for table in tables:
        sheet = book.create_sheet(table.name[:31])  # Excel's limit on a sheet's name

        def cells(values: Sequence[Cell], sheet: WriteOnlyWorksheet = sheet) -> list[object]:
            return [text(sheet, v) if isinstance(v, str) else v for v in values]

        sheet.append(cells([table.title]))
        if table.note:
            sheet.append(cells([table.note]))
        sheet.append(cells(list(table.columns)))
        for row in table.rows:
            sheet.append(cells(row))
    book.save(path)


def shown(value: Cell, digits: int = 2) -> str:
    """A cell as text for people: thousands separated, floats rounded, None blank."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return value

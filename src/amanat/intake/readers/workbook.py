"""XLSX workbooks, streamed with openpyxl's read-only mode.

Cells give what Excel last computed (``data_only``): a formula is never evaluated
here, and its cached result is what the agency saw on screen.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from amanat.intake.problems import IntakeError
from amanat.intake.readers.table import ReadOptions, SourceRow, SourceTable, blank
from amanat.intake.readers.zip_safety import check_workbook_archive


def _heading(cell: object) -> str:
    return "" if cell is None else str(cell).strip()


class WorkbookTable(SourceTable):
    def __init__(self, path: Path, options: ReadOptions) -> None:
        check_workbook_archive(path, options.max_bytes)
        try:
            self.book: Any = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:
            # openpyxl reports a damaged workbook with whatever its XML or zip layer
            # raised; all of it means the same to the person importing.
            raise IntakeError("bad_xlsx", text=f"{type(exc).__name__}: {exc}") from None
        names = list(self.book.sheetnames)
        if options.sheet is not None and options.sheet not in names:
            self.book.close()
            raise IntakeError("no_sheet", sheet=options.sheet, sheets=", ".join(names))
        if not names:
            self.book.close()
            raise IntakeError("empty_file")
        self.sheet = self.book[options.sheet or names[0]]
        self.description = f"XLSX, sheet {self.sheet.title!r}"
        self.total: int | None = self.sheet.max_row
        self.done = 0
        self.rows = self._cells()
        self.headings = self._headings(options.header)

    def _cells(self) -> Iterator[tuple[int, list[object]]]:
        try:
            for number, row in enumerate(self.sheet.iter_rows(values_only=True), start=1):
                self.done = number
                yield number, list(row)
        except IntakeError:
            raise
        except Exception as exc:  # damage found part-way through the sheet's XML
            raise IntakeError("bad_xlsx", text=f"{type(exc).__name__}: {exc}") from None

    def _headings(self, header: bool) -> list[str]:
        for number, cells in self.rows:
            while cells and blank(cells[-1]):
                cells.pop()
            if cells:
                if not header:
                    self.pending: SourceRow | None = SourceRow(number, cells)
                    return [f"#{i + 1}" for i in range(len(cells))]
                self.pending = None
                return [_heading(cell) for cell in cells]
        raise IntakeError("empty_file")

    def __iter__(self) -> Iterator[SourceRow]:
        if self.pending is not None:
            yield self.pending
        width = len(self.headings)
        for number, cells in self.rows:
            # Cells right of the table (notes, totals) are not part of it.
            row = cells[:width]
            if not all(blank(cell) for cell in row):
                yield SourceRow(number, row)

    def progress(self) -> tuple[int, int | None]:
        return (self.done, self.total)

    def close(self) -> None:
        self.book.close()

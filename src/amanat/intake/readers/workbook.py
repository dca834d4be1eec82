"""XLSX workbooks, streamed with openpyxl's read-only mode.

Cells give what Excel last computed (``data_only``): a formula is never evaluated
here, and its cached result is what the agency saw on screen.  Rows are the ones the
sheet holds (``sheet_rows``), never the range its header claims.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from amanat.intake.problems import IntakeError
from amanat.intake.readers.sheet_rows import row_cells, sheet_rows
from amanat.intake.readers.table import ReadOptions, SourceRow, SourceTable
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
        # The header's claim, only to draw a progress bar: rows are read as they are.
        self.total: int | None = self.sheet.max_row
        self.done = 0
        self.rows = self._cells()
        self.headings = self._headings(options.header)

    def _cells(self) -> Iterator[tuple[int, dict[int, object]]]:
        try:
            for number, cells in sheet_rows(self.book, self.sheet):
                self.done = number
                yield number, cells
        except IntakeError:
            raise
        except Exception as exc:  # damage found part-way through the sheet's XML
            raise IntakeError("bad_xlsx", text=f"{type(exc).__name__}: {exc}") from None

    def _headings(self, header: bool) -> list[str]:
        for number, cells in self.rows:
            width = max(cells) + 1
            if not header:
                self.pending: SourceRow | None = SourceRow(number, row_cells(cells, width))
                return [f"#{i + 1}" for i in range(width)]
            self.pending = None
            return [_heading(cells.get(i)) for i in range(width)]
        raise IntakeError("empty_file")

    def __iter__(self) -> Iterator[SourceRow]:
        if self.pending is not None:
            yield self.pending
        width = len(self.headings)
        for number, cells in self.rows:
            # Cells right of the table (notes, totals) are not part of it.
            inside = {i: v for i, v in cells.items() if i < width}
            if inside:
                yield SourceRow(number, row_cells(inside, width))

    def progress(self) -> tuple[int, int | None]:
        return (self.done, self.total)

    def close(self) -> None:
        self.book.close()

"""The rows of one XLSX sheet as its XML holds them, not as its header claims.

A sheet's ``<dimension>`` says which range it uses, and openpyxl's read-only mode
pads every row to that width and makes up every missing row to that height: a 1.5 KB
file claiming ``A1:XFD1048576`` has it build a million rows of 16,384 cells (20 s of
CPU).  Here rows come from openpyxl's sheet parser as the XML has them, each with only
the cells it holds, so reading costs what the file holds, whatever it claims.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload

# openpyxl's read-only sheet does its padding on top of this parser, so the parser is
# the one way to the rows as written (read-only mode itself drives it the same way).
from openpyxl.worksheet._reader import WorkSheetParser

from amanat.intake.readers.table import blank

# Rows up to this wide (an old .xls sheet's width) are plain lists however few cells
# they hold: a list of 256 costs less than parsing one cell.
DENSE_WIDTH = 256


class SparseCells(Sequence[object]):
    """A row of a few cells far apart: positions from 0, blanks between them kept as
    nothing, so one cell in column XFD costs one cell, not 16,384."""

    __slots__ = ("_cells", "_width")

    def __init__(self, cells: dict[int, object], width: int) -> None:
        self._cells = cells
        self._width = width

    def __len__(self) -> int:
        return self._width

    @overload
    def __getitem__(self, index: int) -> object: ...
    @overload
    def __getitem__(self, index: slice) -> list[object]: ...
    def __getitem__(self, index: int | slice) -> object:
        if isinstance(index, slice):
            return list(self)[index]
        position = index + self._width if index < 0 else index
        if not 0 <= position < self._width:
            raise IndexError(index)
        return self._cells.get(position)

    def __iter__(self) -> Iterator[object]:
        # Whoever walks the whole row pays for its width; lookups by position do not.
        return iter(_dense(self._cells, self._width))


def _dense(cells: dict[int, object], width: int) -> list[object]:
    row: list[object] = [None] * width
    for position, value in cells.items():
        row[position] = value
    return row


def row_cells(cells: dict[int, object], width: int) -> Sequence[object]:
    """A row of ``width`` cells from the non-blank ``cells`` by position (all < width):
    a list, unless that would be far bigger than the cells it holds."""
    if width <= max(DENSE_WIDTH, 4 * len(cells)):
        return _dense(cells, width)
    return SparseCells(cells, width)


def sheet_rows(book: Any, sheet: Any) -> Iterator[tuple[int, dict[int, object]]]:
    """Each row of ``sheet`` (of a read-only ``book``) holding a non-blank cell, as its
    number and its non-blank values by position from 0, in the order of the file."""
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,  # what Excel last computed; a formula is never evaluated
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for number, parsed in parser.parse():
            cells = {
                cell["column"] - 1: cell["value"] for cell in parsed if not blank(cell["value"])
            }
            if cells:
                yield number, cells

"""A plain table — the one shape every analysis can hand to the terminal, a CSV or
JSON file, the web app and the report."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

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

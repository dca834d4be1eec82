"""A two-way table of counts, and how it is published: suppressed (the default) or
with differentially private noise."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from amanat.analyze.disclosure import THRESHOLD, protect, with_totals
from amanat.analyze.noise import noisy_counts
from amanat.analyze.tabular import Cell, Table

TOTAL = "total"


@dataclass
class CrossTab:
    name: str
    title: str
    row_label: str
    rows: list[str]
    columns: list[str]
    cells: np.ndarray
    # The most cells one person adds to (a victim with two forms counts in two).
    contributions: int = 1

    @classmethod
    def of(
        cls,
        name: str,
        title: str,
        row_label: str,
        counts: Iterable[tuple[str, str, int]],
        rows: Sequence[str] = (),
        columns: Sequence[str] = (),
        contributions: int = 1,
    ) -> CrossTab:
        """From (row, column, count) triples; ``rows``/``columns`` fix order and
        make sure categories with no one still show as zero."""
        found = list(counts)
        row_keys = list(rows) + sorted({r for r, _, _ in found} - set(rows))
        col_keys = list(columns) + sorted({c for _, c, _ in found} - set(columns))
        cells = np.zeros((len(row_keys), len(col_keys)), dtype=np.int64)
        for r, c, n in found:
            cells[row_keys.index(r), col_keys.index(c)] += int(n)
        return cls(name, title, row_label, row_keys, col_keys, cells, contributions)

    def _table(self, grid: Sequence[Sequence[Cell]], note: str) -> Table:
        labels = [*self.rows, TOTAL]
        return Table(
            self.name,
            self.title,
            (self.row_label, *self.columns, TOTAL),
            [(label, *row) for label, row in zip(labels, grid, strict=True)],
            note=note,
        )

    def raw(self) -> Table:
        """Exact counts with totals — for internal use only, never published."""
        return self._table(with_totals(self.cells).tolist(), "exact counts (not for publication)")

    def published(self, epsilon: float | None = None, threshold: int = THRESHOLD) -> Table:
        if epsilon is not None:
            noisy = noisy_counts(self.cells, epsilon, self.contributions)
            note = (
                f"differentially private counts (ε = {epsilon:g}, "
                f"discrete Laplace scale {noisy.scale:g})"
            )
            return self._table(noisy.values.tolist(), note)
        shown = protect(self.cells, threshold)
        note = (
            f'"<{threshold}": 1 to {threshold - 1}; '
            '"x": suppressed so that no hidden cell can be derived'
        )
        if shown.withheld:
            note = "withheld: too few records to publish any cell safely"
        return self._table(shown.shown(), note)

"""Disclosure control for published tables: small counts shown as "<5", and
secondary suppression so that no suppressed cell can be worked out from the
totals.

Primary suppression hides every count from 1 to 4 (zeros are shown: a zero reveals
no one).  Totals are cells like any other: a row total under 5 is hidden too.

Secondary suppression hides further cells until every hidden cell is *protected*:
given everything published — the other cells, the totals, and what the markers
say ("<5" is 1 to 4, "x" is 5 or more) — it can take at least two values.  Each
round audits the table exactly: for every hidden cell, two linear programs find
its smallest and largest value consistent with the published table.  A table with
its row and column totals is a transportation system, whose constraint matrix is
totally unimodular; with integer bounds, every integer between that minimum and
maximum is the value of the cell in some integer table consistent with what was
published.  So a cell is protected exactly when max − min ≥ 1, and the audit is a
proof, not a heuristic.  Which cell to hide next is a heuristic: the smallest
published count of 5 or more in the row or column of an unprotected cell.

The audit works on any cells tied by lines that add up to a total (``protect_cells``):
a table with totals is one case; a table with totals published beside a breakdown of
its grand total (GLOTIP's victims by sex and age, and by citizenship) is another, and
is still a network — the breakdown's cells are parallel arcs into the table's grand
total — so the audit stays exact.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

THRESHOLD = 5
PUBLISHED, PRIMARY, SECONDARY, WITHHELD = 0, 1, 2, 3
MARKERS = {PRIMARY: "<5", SECONDARY: "x", WITHHELD: "–"}


def with_totals(cells: np.ndarray) -> np.ndarray:
    """The table with a total column, a total row and the grand total."""
    r, c = cells.shape
    full = np.zeros((r + 1, c + 1), dtype=np.int64)
    full[:r, :c] = cells
    full[:r, c] = cells.sum(axis=1)
    full[r, :] = full[:r, :].sum(axis=0)
    return full


class Unprotectable(Exception):
    """Nothing left to hide and still a hidden cell could be derived."""


@dataclass(frozen=True)
class Protected:
    values: np.ndarray  # with totals
    status: np.ndarray  # PUBLISHED, PRIMARY, SECONDARY or WITHHELD per cell

    @property
    def withheld(self) -> bool:
        return bool((self.status == WITHHELD).all())

    def shown(self) -> list[list[str | int]]:
        return [
            [int(v) if s == PUBLISHED else MARKERS[int(s)] for v, s in zip(row, flags, strict=True)]
            for row, flags in zip(self.values, self.status, strict=True)
        ]


Line = tuple[tuple[int, ...], int]  # cells (flat indices) that add up to a total cell


def table_lines(shape: tuple[int, int]) -> list[Line]:
    """The rows, then the columns, of a table with totals (``with_totals``), each
    adding up to its last cell; cells are numbered row by row."""
    rows, cols = shape
    found: list[Line] = [
        (tuple(i * cols + j for j in range(cols - 1)), i * cols + cols - 1) for i in range(rows)
    ]
    found += [
        (tuple(i * cols + j for i in range(rows - 1)), (rows - 1) * cols + j) for j in range(cols)
    ]
    return found


def bounds(status: np.ndarray, threshold: int = THRESHOLD) -> list[tuple[float, float | None]]:
    """What a reader knows of each hidden cell from its marker."""
    return [
        (1.0, float(threshold - 1)) if s == PRIMARY else (float(threshold), None)
        for s in status[status != PUBLISHED]
    ]


def _audit(
    values: np.ndarray, status: np.ndarray, lines: list[Line], threshold: int
) -> Iterator[tuple[int, float, float]]:
    """Each hidden cell (in order) with the smallest and largest value it can take
    given every published cell, marker and line: two linear programs each."""
    hidden = [int(i) for i in np.flatnonzero(status != PUBLISHED)]
    if not hidden:
        return
    index = {cell: k for k, cell in enumerate(hidden)}
    matrix, rhs = [], []
    for parts, total in lines:
        coef = np.zeros(len(hidden))
        known = 0.0
        for sign, cell in [(1.0, p) for p in parts] + [(-1.0, total)]:
            if cell in index:
                coef[index[cell]] += sign
            else:
                known += sign * float(values[cell])
        if coef.any():
            matrix.append(coef)
            rhs.append(-known)
    box = bounds(status, threshold)
    equations = {"A_eq": np.array(matrix), "b_eq": rhs} if matrix else {}
    for k, cell in enumerate(hidden):
        goal = np.zeros(len(hidden))
        goal[k] = 1.0
        low = linprog(goal, bounds=box, method="highs", **equations)
        high = linprog(-goal, bounds=box, method="highs", **equations)
        top = float("inf") if high.status == 3 else -high.fun  # 3: unbounded
        yield cell, float(low.fun), top


def ranges(
    values: np.ndarray, status: np.ndarray, threshold: int = THRESHOLD
) -> list[tuple[float, float]]:
    """Smallest and largest value each hidden cell of a table with totals (row-major
    order) can take."""
    lines = table_lines(values.shape)
    return [
        (low, high) for _, low, high in _audit(values.ravel(), status.ravel(), lines, threshold)
    ]


def _next_secondary(
    values: np.ndarray, status: np.ndarray, lines: list[Line], cell: int, threshold: int
) -> int:
    near = [c for parts, total in lines if cell in parts or cell == total for c in (*parts, total)]
    pool = [c for c in dict.fromkeys(near) if status[c] == PUBLISHED and values[c] >= threshold]
    if not pool:  # nothing in its lines: the smallest count anywhere
        pool = [int(c) for c in np.flatnonzero((status == PUBLISHED) & (values >= threshold))]
    if not pool:
        raise Unprotectable
    # Smallest count first; cells before totals, which readers need most (a grand
    # total, the total of two lines, last).
    totals = Counter(total for _, total in lines)
    return min(pool, key=lambda c: (totals[c], values[c]))


def protect_cells(
    cells: Sequence[int] | np.ndarray, lines: list[Line], threshold: int = THRESHOLD
) -> np.ndarray:
    """Primary and secondary suppression of counts tied by ``lines`` (each line's cells
    add up to its total): the status of each cell.  Tables with totals are one case
    (``protect``); a table published beside a breakdown of its grand total is another."""
    values = np.asarray(cells, dtype=np.int64)
    status = np.where((values > 0) & (values < threshold), PRIMARY, PUBLISHED)
    while True:
        weak = next(
            (
                c
                for c, low, high in _audit(values, status, lines, threshold)
                if high - low < 1 - 1e-9
            ),
            None,
        )
        if weak is None:
            return status
        try:
            status[_next_secondary(values, status, lines, weak, threshold)] = SECONDARY
        except Unprotectable:
            # Too few people to publish anything safely (zeros would give it away).
            return np.full(values.shape, WITHHELD)


def protect(cells: np.ndarray, threshold: int = THRESHOLD) -> Protected:
    """Primary and secondary suppression of a table of counts (totals added)."""
    values = with_totals(np.asarray(cells, dtype=np.int64))
    status = protect_cells(values.ravel(), table_lines(values.shape), threshold)
    return Protected(values, status.reshape(values.shape))

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
"""

from __future__ import annotations

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


def bounds(
    status: np.ndarray, values: np.ndarray, threshold: int = THRESHOLD
) -> list[tuple[float, float | None]]:
    """What a reader knows of each hidden cell from its marker."""
    upper = float(values[-1, -1]) if status[-1, -1] == PUBLISHED else None
    return [
        (1.0, float(threshold - 1)) if s == PRIMARY else (float(threshold), upper)
        for s in status[status != PUBLISHED]
    ]


def ranges(
    values: np.ndarray, status: np.ndarray, threshold: int = THRESHOLD
) -> list[tuple[float, float]]:
    """Smallest and largest value each hidden cell (row-major order) can take."""
    hidden = np.argwhere(status != PUBLISHED)
    if len(hidden) == 0:
        return []
    index = {(int(i), int(j)): k for k, (i, j) in enumerate(hidden)}
    rows, cols = values.shape
    lines = [[(i, j) for j in range(cols)] for i in range(rows)]
    lines += [[(i, j) for i in range(rows)] for j in range(cols)]
    matrix, rhs = [], []
    for line in lines:
        *parts, total = line  # the parts add up to the last cell of the line
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
    box = bounds(status, values, threshold)
    found = []
    for k in range(len(hidden)):
        goal = np.zeros(len(hidden))
        goal[k] = 1.0
        low = linprog(goal, A_eq=np.array(matrix), b_eq=rhs, bounds=box, method="highs")
        high = linprog(-goal, A_eq=np.array(matrix), b_eq=rhs, bounds=box, method="highs")
        top = float("inf") if high.status == 3 else -high.fun  # 3: unbounded
        found.append((float(low.fun), top))
    return found


def _next_secondary(
    values: np.ndarray, status: np.ndarray, cell: tuple[int, int], threshold: int
) -> tuple[int, int]:
    i, j = cell
    line = [(i, c) for c in range(values.shape[1])] + [(r, j) for r in range(values.shape[0])]
    pool = [p for p in line if status[p] == PUBLISHED and values[p] >= threshold]
    if not pool:  # nothing in its lines: the smallest count anywhere
        pool = [tuple(p) for p in np.argwhere((status == PUBLISHED) & (values >= threshold))]
    if not pool:
        raise Unprotectable
    last = (values.shape[0] - 1, values.shape[1] - 1)
    # Smallest count first; interior cells before totals, which readers need most.
    return min(pool, key=lambda p: (p == last, p[0] == last[0] or p[1] == last[1], values[p]))


def protect(cells: np.ndarray, threshold: int = THRESHOLD) -> Protected:
    """Primary and secondary suppression of a table of counts (totals added)."""
    values = with_totals(np.asarray(cells, dtype=np.int64))
    status = np.where((values > 0) & (values < threshold), PRIMARY, PUBLISHED)
    while True:
        hidden = [(int(i), int(j)) for i, j in np.argwhere(status != PUBLISHED)]
        weak = [
            cell
            for cell, (low, high) in zip(hidden, ranges(values, status, threshold), strict=True)
            if high - low < 1 - 1e-9
        ]
        if not weak:
            return Protected(values, status)
        try:
            status[_next_secondary(values, status, weak[0], threshold)] = SECONDARY
        except Unprotectable:
            # Too few people to publish anything safely (zeros would give it away).
            return Protected(values, np.full(values.shape, WITHHELD))

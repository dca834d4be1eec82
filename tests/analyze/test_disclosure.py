"""Disclosure control: no suppressed cell can be recovered from the published
table, checked by brute force — every integer table consistent with what was
published is enumerated, and each hidden cell must take at least two values."""

from __future__ import annotations

import random
from itertools import product

import numpy as np

from amanat.analyze.disclosure import (
    PRIMARY,
    PUBLISHED,
    SECONDARY,
    WITHHELD,
    protect,
    protect_cells,
    ranges,
    table_lines,
    with_totals,
)
from amanat.analyze.noise import noisy_counts

LIMIT = 60  # largest value a hidden cell is tried with


def feasible_values(shown: np.ndarray, status: np.ndarray) -> dict[tuple[int, int], set[int]]:
    """Brute force: every value each hidden cell takes in a table that agrees with
    the published cells, the markers ("<5" is 1–4, "x" is 5 or more) and additivity.

    Rows are filled one at a time and checked against their total before the next."""
    rows, cols = shown.shape[0] - 1, shown.shape[1] - 1
    seen: dict[tuple[int, int], set[int]] = {
        (int(i), int(j)): set() for i, j in np.argwhere(status != PUBLISHED)
    }

    def allowed(cell: tuple[int, int], value: int) -> bool:
        if status[cell] == PUBLISHED:
            return bool(value == shown[cell])
        return 1 <= value <= 4 if status[cell] == PRIMARY else value >= 5

    def ceiling(i: int, j: int) -> int:
        totals = [shown[i, cols], shown[rows, j], shown[rows, cols]]
        known = [
            int(t)
            for t, s in zip(
                totals, (status[i, cols], status[rows, j], status[rows, cols]), strict=True
            )
            if s == PUBLISHED
        ]
        return min([*known, LIMIT])

    def choices(i: int, j: int) -> range:
        if status[i, j] == PUBLISHED:
            return range(int(shown[i, j]), int(shown[i, j]) + 1)
        return range(1, 5) if status[i, j] == PRIMARY else range(5, ceiling(i, j) + 1)

    def rows_of(i: int, table: list[list[int]]) -> list[list[int]]:
        """Candidate rows i; the last row follows from published column totals."""
        if i == rows - 1 and all(status[rows, j] == PUBLISHED for j in range(cols)):
            return [[int(shown[rows, j]) - sum(r[j] for r in table) for j in range(cols)]]
        row_total = int(shown[i, cols]) if status[i, cols] == PUBLISHED else None
        found = []
        ranges_ = [choices(i, j) for j in range(cols)]
        if row_total is not None:  # the last cell of the row follows from its total
            for head in product(*ranges_[:-1]):
                found.append([*head, row_total - sum(head)])
        else:
            found = [list(r) for r in product(*ranges_)]
        return [
            r
            for r in found
            if all(allowed((i, j), v) for j, v in enumerate(r)) and allowed((i, cols), sum(r))
        ]

    def fill(i: int, table: list[list[int]]) -> None:
        if i == rows:
            full = with_totals(np.array(table))
            if all(
                allowed((r, c), int(full[r, c])) for r in range(rows + 1) for c in range(cols + 1)
            ):
                for cell in seen:
                    seen[cell].add(int(full[cell]))
            return
        for row in rows_of(i, table):
            fill(i + 1, [*table, row])

    fill(0, [])
    return seen


def assert_protected(cells: list[list[int]]) -> None:
    result = protect(np.array(cells))
    if result.withheld:
        return
    values = feasible_values(result.values, result.status)
    for cell, found in values.items():
        assert len(found) >= 2, f"cell {cell} of {cells} can be recovered: {found}"


def test_differencing_the_totals_recovers_a_lone_small_cell() -> None:
    """Why secondary suppression: with only "<5" hidden, the row total gives it away."""
    values = with_totals(np.array([[3, 10], [7, 12]]))
    status = np.where((values > 0) & (values < 5), PRIMARY, PUBLISHED)
    assert ranges(values, status) == [(3.0, 3.0)]  # 13 − 10
    assert feasible_values(values, status) == {(0, 0): {3}}


def test_secondary_suppression_protects_it() -> None:
    result = protect(np.array([[3, 10], [7, 12]]))
    assert result.shown()[0][0] == "<5"
    assert (result.status == SECONDARY).sum() >= 3  # a rectangle: the 3, 10, 7, 12
    assert_protected([[3, 10], [7, 12]])


def test_hand_examples() -> None:
    for cells in ([[3, 8], [6, 2]], [[1, 0], [9, 9]], [[0, 4, 6]], [[2]], [[4, 6, 1]], [[3], [9]]):
        assert_protected(cells)


def test_random_small_tables() -> None:
    """Brute force grows exponentially with hidden cells: tables of up to 2 × 2
    cells (with their totals, 3 × 3), every shape and mix of small and large counts."""
    rng = random.Random(7)
    for _ in range(60):
        rows, cols = rng.choice([(1, 1), (1, 2), (1, 3), (2, 1), (2, 2)])
        cells = [
            [rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 9]) for _ in range(cols)] for _ in range(rows)
        ]
        assert_protected(cells)


def test_ranges_agree_with_brute_force() -> None:
    result = protect(np.array([[2, 6, 9], [7, 3, 8]]))
    found = feasible_values(result.values, result.status)
    hidden = [tuple(int(x) for x in p) for p in np.argwhere(result.status != PUBLISHED)]
    for cell, (low, high) in zip(hidden, ranges(result.values, result.status), strict=True):
        assert (min(found[cell]), max(found[cell])) == (low, min(high, LIMIT - 1))


def test_a_lone_small_count_with_its_totals_is_protected() -> None:
    """[[3, 0], [0, 0]]: the 3, its row, column and grand total are all "<5" — any
    of 1 to 4 fits, so nothing more needs hiding."""
    result = protect(np.array([[3, 0], [0, 0]]))
    assert result.shown() == [["<5", 0, "<5"], [0, 0, 0], ["<5", 0, "<5"]]
    assert_protected([[3, 0], [0, 0]])


def test_a_table_that_cannot_be_protected_is_withheld() -> None:
    result = protect(np.array([[2, 0, 8], [1, 2, 1], [1, 3, 0], [2, 0, 6]]))
    assert result.withheld and (result.status == WITHHELD).all()
    assert {c for row in result.shown() for c in row} == {"–"}


def test_noisy_counts_are_additive_and_non_negative() -> None:
    noisy = noisy_counts(np.array([[10, 3], [0, 40]]), epsilon=1.0)
    values = noisy.values
    assert (values >= 0).all()
    assert (values[:-1, -1] == values[:-1, :-1].sum(axis=1)).all()
    assert values[-1, -1] == values[:-1, :-1].sum()
    assert noisy.scale == 1.0


def _linked(
    cells: list[list[int]], breakdown: list[int]
) -> tuple[np.ndarray, list[tuple[tuple[int, ...], int]]]:
    """A table with totals and, beside it, a breakdown of its grand total (GLOTIP's
    victims by sex and age, and by citizenship): the cells and lines of both."""
    table = with_totals(np.array(cells))
    values = np.concatenate([table.ravel(), np.array(breakdown, dtype=np.int64)])
    lines = table_lines(table.shape)
    parts = tuple(range(table.size, table.size + len(breakdown)))
    lines.append((parts, table.size - 1))
    return values, lines


def _feasible_linked(
    values: np.ndarray, status: np.ndarray, lines: list[tuple[tuple[int, ...], int]]
) -> dict[int, set[int]]:
    """Brute force: every value each hidden cell takes in an assignment that agrees
    with the published cells, the markers and every line — cells filled one at a
    time, each line checked as soon as its last cell is filled."""
    hidden = [int(i) for i in np.flatnonzero(status != PUBLISHED)]
    top = int(values.max()) + 5
    choices = {i: range(1, 5) if status[i] == PRIMARY else range(5, top + 1) for i in hidden}
    position = {cell: n for n, cell in enumerate(hidden)}
    # Each line is checked once the latest of its hidden cells is filled.
    due: dict[int, list[tuple[tuple[int, ...], int]]] = {n: [] for n in range(len(hidden))}
    for parts, total in lines:
        filled = [position[c] for c in (*parts, total) if c in position]
        if filled:
            due[max(filled)].append((parts, total))
    seen: dict[int, set[int]] = {i: set() for i in hidden}
    trial = values.copy()

    def fill(n: int) -> None:
        if n == len(hidden):
            for i in hidden:
                seen[i].add(int(trial[i]))
            return
        for value in choices[hidden[n]]:
            trial[hidden[n]] = value
            if all(sum(int(trial[p]) for p in parts) == trial[t] for parts, t in due[n]):
                fill(n + 1)

    fill(0)
    return seen


def test_a_breakdown_of_the_total_is_protected_with_the_table() -> None:
    """11 adults and 3 children; 12 of one citizenship and 2 of another.  Alone, each
    table is safe or protectable; together, publishing the total and the 12 would
    give the 2 away — and the 3 children from the adults and the total."""
    for cells, breakdown in (
        ([[3, 11]], [12, 2]),
        ([[2, 6], [0, 7]], [13, 2]),
        ([[1, 9]], [5, 5]),
    ):
        values, lines = _linked(cells, breakdown)
        status = protect_cells(values, lines)
        if (status == WITHHELD).all():
            continue
        found = _feasible_linked(values, status, lines)
        assert found and all(len(v) >= 2 for v in found.values()), (cells, breakdown, found)
    # Protected apart, a table with nothing to hide and its breakdown give the 2 away.
    values, lines = _linked([[7, 11]], [16, 2])
    apart = np.concatenate(
        [protect(np.array([[7, 11]])).status.ravel(), np.array([PUBLISHED, PRIMARY])]
    )
    assert _feasible_linked(values, apart, lines)[len(values) - 1] == {2}
    together = protect_cells(values, lines)
    assert together[-1] == PRIMARY and (together == SECONDARY).any()

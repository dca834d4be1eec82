"""k-anonymity by generalisation, then suppression, as CTDC publishes victim microdata.

Every combination of quasi-identifier values (year, sex, ages, citizenship, country of
exploitation) in the published table is shared by at least k rows, so no row can be
told apart from k-1 others by what an outsider may know of a victim.

Each quasi-identifier has a hierarchy: the coarser values it can take, finest first
(an age band → a broader band; a country → its region), ending, where the column may
be blanked, in suppression (the missing-value marker).  Only rows in classes smaller
than k are coarsened (local recoding), so the rest keep every detail.  Each round
coarsens one column one level for every row of a small class, choosing greedily: a
generalisation before any suppression, then the column whose coarsening leaves the
fewest rows in small classes, then the column listed first.  A row whose class cannot
grow to k joins, where it can, a class of k or more whose values are its own or coarser
ones; the rest are merged with the class that gives up least to take them (both get
the finest values common to all), where that costs fewer cells than leaving them out
would; only then are rows left out.

What was given up is counted per column (``Loss``), so a reader of the table knows how
much of it is the register's and how much the protection's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

Row = dict[str, object]
Coarsen = Callable[[object], object]  # a recorded value → a coarser one
# A column's levels, finest first; None suppresses.
Hierarchy = Sequence[Coarsen | None]


@dataclass
class Loss:
    """One column's cells: recorded = kept + generalised + suppressed + withheld."""

    recorded: int = 0  # cells with a value before protection
    kept: int = 0  # published as recorded
    generalised: int = 0  # published coarser
    suppressed: int = 0  # published as missing
    withheld: int = 0  # in rows left out


@dataclass
class Anonymised:
    rows: list[Row]  # the rows published, coarsened in place
    withheld: int  # rows left out
    loss: dict[str, Loss] = field(default_factory=dict)


def _key(row: Row, quasi: Sequence[str]) -> tuple[object, ...]:
    return tuple(row[q] for q in quasi)


def _coarser(value: object, coarsen: Coarsen | None, missing: object) -> object:
    return missing if value == missing or coarsen is None else coarsen(value)


def _next(state: _State, small: list[int], sizes: Counter[tuple[object, ...]]) -> str | None:
    """The column to coarsen next for the rows of small classes: a generalisation
    before any suppression, then the one that leaves the fewest rows in small classes,
    then the one listed first; None when no column can be coarsened."""
    best: tuple[int, int, int] | None = None
    chosen = None
    for rank, (column, levels) in enumerate(state.hierarchies.items()):
        at = state.level[column]
        moved = [i for i in small if at[i] < len(levels)]
        if not moved:
            continue
        suppresses = any(levels[at[i]] is None for i in moved)
        score = (int(suppresses), state.left_small(moved, small, column, sizes), rank)
        if best is None or score < best:
            best, chosen = score, column
    return chosen


class _State:
    """The rows being coarsened, what they recorded, and each row's level per column."""

    def __init__(
        self, rows: list[Row], hierarchies: dict[str, Hierarchy], k: int, missing: object
    ) -> None:
        self.rows, self.hierarchies, self.k, self.missing = rows, hierarchies, k, missing
        self.quasi = list(hierarchies)
        self.recorded = [{q: row[q] for q in self.quasi} for row in rows]
        self.level = {q: [0] * len(rows) for q in self.quasi}

    def key(self, i: int, column: str | None = None) -> tuple[object, ...]:
        """Row i's combination, or what it would be with ``column`` one level coarser."""
        row = self.rows[i]
        if column is None:
            return tuple(row[q] for q in self.quasi)
        coarsen = self.hierarchies[column][self.level[column][i]]
        value = _coarser(self.recorded[i][column], coarsen, self.missing)
        return tuple(value if q == column else row[q] for q in self.quasi)

    def left_small(
        self, moved: list[int], small: list[int], column: str, sizes: Counter[tuple[object, ...]]
    ) -> int:
        """How many rows of small classes would still be in one after coarsening
        ``column`` for ``moved`` (only their classes change size)."""
        after = {i: self.key(i, column) for i in moved}
        change: Counter[tuple[object, ...]] = Counter(after.values())
        change.subtract(self.key(i) for i in moved)
        return sum(
            1
            for i in small
            if sizes[key := after[i] if i in after else self.key(i)] + change[key] < self.k
        )

    def join(self, i: int, sizes: Counter[tuple[object, ...]]) -> bool:
        """Give row i, whose class cannot grow to k, the values of a class of k or
        more that are its own or coarser ones (KZ may join Central Asia or -99, never
        KG): the one that keeps most of what it recorded.  False if there is none."""
        reachable = {
            q: {self.recorded[i][q], self.missing}
            | {_coarser(self.recorded[i][q], c, self.missing) for c in levels}
            for q, levels in self.hierarchies.items()
        }
        fits = [
            key
            for key, size in sizes.items()
            if size >= self.k
            and all(v in reachable[q] for q, v in zip(self.quasi, key, strict=True))
        ]
        if not fits:
            return False

        def lost(key: tuple[object, ...]) -> tuple[int, int]:
            values = list(zip(self.quasi, key, strict=True))
            changed = sum(v != self.recorded[i][q] for q, v in values)
            return sum(v == self.missing for _, v in values), changed

        self._set([i], min(fits, key=lost))
        return True

    def merge(self, left: list[int], sizes: Counter[tuple[object, ...]]) -> bool:
        """Give the rows no class can take, with the rows of one class of k or more,
        the finest values common to all of them (coarsening that class too): the class
        whose rows give up fewest values, if fewer than the cells of the rows saved
        (a row left out loses every column).  False if there is none."""
        saved = sum(len(self.rows[i]) for i in left)
        best: tuple[int, tuple[object, ...], list[int]] | None = None
        for key, size in sizes.items():
            if size < self.k:
                continue
            members = [i for i in range(len(self.rows)) if self.key(i) == key]
            common = self._common([*members, *left])
            price = sum(c != v for c, v in zip(common, key, strict=True)) * len(members)
            if price <= saved and (best is None or price < best[0]):
                best = (price, common, members)
        if best is None:
            return False
        self._set([*best[2], *left], best[1])
        return True

    def _common(self, rows: list[int]) -> tuple[object, ...]:
        """The finest value of each column that every one of ``rows`` can take."""
        common = []
        for q, levels in self.hierarchies.items():
            value: object = self.missing
            for coarsen in [lambda v: v, *levels]:
                found = {_coarser(self.recorded[i][q], coarsen, self.missing) for i in rows}
                if len(found) == 1:
                    value = found.pop()
                    break
            common.append(value)
        return tuple(common)

    def _set(self, rows: list[int], key: tuple[object, ...]) -> None:
        for i in rows:
            for q, value in zip(self.quasi, key, strict=True):
                self.rows[i][q] = value

    def coarsen(self, column: str, small: list[int]) -> None:
        levels, at = self.hierarchies[column], self.level[column]
        for i in small:
            if at[i] < len(levels):
                value = self.recorded[i][column]
                self.rows[i][column] = _coarser(value, levels[at[i]], self.missing)
                at[i] += 1


def k_anonymise(
    rows: list[Row], hierarchies: dict[str, Hierarchy], k: int, missing: object
) -> Anonymised:
    """The rows, coarsened so that each quasi-identifier combination (the columns of
    ``hierarchies``) has ≥ k rows.  ``missing`` marks a value the register lacks or the
    protection removed (the two look the same)."""
    state = _State(rows, hierarchies, k, missing)
    kept = rows
    while k > 1:
        sizes = Counter(state.key(i) for i in range(len(rows)))
        small = [i for i in range(len(rows)) if sizes[state.key(i)] < k]
        if not small:
            break
        column = _next(state, small, sizes)
        if column is None:
            left = [i for i in small if not state.join(i, sizes)]
            if left and not state.merge(left, sizes):
                dropped = set(left)
                kept = [row for i, row in enumerate(rows) if i not in dropped]
            break
        state.coarsen(column, small)
    loss = _loss(state.quasi, state.recorded, rows, kept, missing)
    return Anonymised(kept, len(rows) - len(kept), loss)


def _loss(
    quasi: list[str], recorded: list[Row], rows: list[Row], kept: list[Row], missing: object
) -> dict[str, Loss]:
    published = {id(row) for row in kept}
    loss = {q: Loss() for q in quasi}
    for before, row in zip(recorded, rows, strict=True):
        for q, value in before.items():
            if value == missing:
                continue
            counts = loss[q]
            counts.recorded += 1
            if id(row) not in published:
                counts.withheld += 1
            elif row[q] == value:
                counts.kept += 1
            elif row[q] == missing:
                counts.suppressed += 1
            else:
                counts.generalised += 1
    return loss


def smallest_class(rows: Sequence[Row], quasi: Sequence[str]) -> int:
    """The size of the smallest class (0 for no rows): what a check of k looks at."""
    sizes = Counter(_key(row, quasi) for row in rows)
    return min(sizes.values(), default=0)

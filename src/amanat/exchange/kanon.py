"""k-anonymity by generalisation and suppression, as CTDC publishes victim microdata.

Every combination of quasi-identifier values (year, sex, age, citizenship, country of
exploitation) in the published table is shared by at least k rows, so no row can be
told apart from k-1 others by what an outsider may know of a victim.  Rows in
classes smaller than k are coarsened one step at a time along ``steps`` (exact age
band first, then countries, year, age group, sex — the least telling detail first);
rows still in a class smaller than k when nothing is left to coarsen are dropped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

Row = dict[str, object]
SUPPRESSED = ""


def _key(row: Row, quasi: Sequence[str]) -> tuple[object, ...]:
    return tuple(row[q] for q in quasi)


def k_anonymise(rows: list[Row], quasi: Sequence[str], steps: Sequence[str], k: int) -> list[Row]:
    """The rows, coarsened so that each quasi-identifier combination has ≥ k rows.

    ``steps`` names quasi-identifiers in the order they are suppressed.  Rows are
    changed in place; the returned list leaves out the rows that had to be dropped.
    """
    if k <= 1:
        return rows
    level = [0] * len(rows)
    while True:
        sizes = Counter(_key(row, quasi) for row in rows)
        small = [i for i, row in enumerate(rows) if sizes[_key(row, quasi)] < k]
        if not small:
            return rows
        coarsened = False
        for i in small:
            if level[i] < len(steps):
                rows[i][steps[level[i]]] = SUPPRESSED
                level[i] += 1
                coarsened = True
        if not coarsened:
            dropped = set(small)
            return [row for i, row in enumerate(rows) if i not in dropped]


def smallest_class(rows: Sequence[Row], quasi: Sequence[str]) -> int:
    """The size of the smallest class (0 for no rows): what a check of k looks at."""
    sizes = Counter(_key(row, quasi) for row in rows)
    return min(sizes.values(), default=0)

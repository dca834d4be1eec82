"""Neighbouring keys on the keyboards clerks type names on, for adjacent-key typos."""

from __future__ import annotations

from functools import cache

# Rows as printed, offset the way the keys are staggered (each row half a key to the right).
QWERTY = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
JCUKEN = ("йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю")


def _neighbours(rows: tuple[str, ...]) -> dict[str, str]:
    found: dict[str, set[str]] = {}
    for r, row in enumerate(rows):
        for c, key in enumerate(row):
            near = found.setdefault(key, set())
            near.update(row[max(c - 1, 0) : c + 2])
            # Staggered rows: the key above sits at c..c+1, the key below at c-1..c.
            if r > 0:
                near.update(rows[r - 1][c : c + 2])
            if r + 1 < len(rows):
                near.update(rows[r + 1][max(c - 1, 0) : c + 1])
            near.discard(key)
    return {key: "".join(sorted(near)) for key, near in found.items()}


@cache
def adjacent_keys() -> dict[str, str]:
    """Lower-case letter → the letters on the keys around it (Latin and Russian layouts)."""
    return _neighbours(QWERTY) | _neighbours(JCUKEN)

"""Where a label goes: beside its point, where it overlaps no label placed before it.

Greedy, in the order labels are placed: the most important first.  Each tries the
places it prefers (for an arrow's amount, just outside its bend), then the eight
places around its point, then the same further out; the first that is free
and inside the drawing wins, else the one that overlaps least.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from amanat.analyze.charts.svg import text_width

Box = tuple[float, float, float, float]  # x, y (top), width, height
# Directions to try, in order: right, left, above, below, then the corners.
AROUND = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1))
RINGS = (1.0, 2.5, 4.5)


@dataclass(frozen=True)
class Placed:
    text: str
    box: Box


def overlap(a: Box, b: Box) -> float:
    """The area two boxes share."""
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return max(w, 0.0) * max(h, 0.0)


def _candidates(
    point: tuple[float, float], w: float, h: float, gap: float, near: Sequence[tuple[float, float]]
) -> list[Box]:
    x, y = point
    boxes: list[Box] = [(nx - w / 2, ny - h / 2, w, h) for nx, ny in near]
    if gap == 0:
        boxes.append((x - w / 2, y - h / 2, w, h))
    for ring in RINGS:
        g = max(gap, 3.0) * ring
        for dx, dy in AROUND:
            left = x + g if dx > 0 else x - g - w if dx < 0 else x - w / 2
            top = y - g - h if dy < 0 else y + g if dy > 0 else y - h / 2
            boxes.append((left, top, w, h))
    return boxes


def place(
    label: str,
    point: tuple[float, float],
    size: int,
    taken: list[Box],
    width: float,
    height: float,
    gap: float = 4.0,
    near: Sequence[tuple[float, float]] = (),
) -> Placed:
    """A place for ``label`` by ``point`` (centred on one of the points ``near``, if
    one is free); its box is added to ``taken``."""
    w, h = text_width(label, size) + 2, size + 4.0

    def inside(box: Box) -> bool:
        return (
            box[0] >= 0 and box[1] >= 0 and box[0] + box[2] <= width and box[1] + box[3] <= height
        )

    options = [b for b in _candidates(point, w, h, gap, near) if inside(b)] or [
        (min(max(point[0], 0.0), width - w), min(max(point[1], 0.0), height - h), w, h)
    ]
    best, least = options[0], float("inf")
    for box in options:  # the first free one wins: the rest need not be measured
        covered = sum(overlap(box, t) for t in taken)
        if covered < least:
            best, least = box, covered
        if covered == 0:
            break
    taken.append(best)
    return Placed(label, best)

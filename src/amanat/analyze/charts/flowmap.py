"""A map of flows: countries from the shipped boundaries, projected here, and an
arrow per country-to-country leg, as wide as what moves along it, its amount
written beside it.

Arrowheads are drawn as triangles of their own rather than SVG markers: markers
are drawn differently by browsers and by WeasyPrint (the PDF's renderer drew them
as stray filled squares).  Labels are placed one by one where they overlap no label
already placed (``labels.place``), countries first, then amounts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from math import hypot

from amanat.analyze.charts.labels import Placed, place
from amanat.analyze.charts.svg import (
    MUTED,
    OKABE_ITO,
    document,
    empty,
    path,
    rect,
    series_mark,
    text,
    text_width,
)
from amanat.analyze.figures import Figures
from amanat.analyze.geo import Albers, countries, projected

WIDTH, HEIGHT = 640, 470
# The widest frame, in degrees: the Gulf and Turkey to western China, the Arabian Sea to
# Moscow.  A map shows the part of it its flows need (with a margin, and never less
# than ``MIN_SPAN``), so that Bishkek and Almaty, a few pixels apart on the whole
# frame, are far enough apart for an arrow and its number.
FRAME = ((28.0, 12.0), (98.0, 60.0))
MIN_SPAN = (22.0, 14.0)
MARGIN = 0.2
SEA, LAND, REGION, BORDER = "#eef3f7", "#fbfaf7", "#f4e9d8", "#b9b2a6"
DOT = 2.5
BEND = 0.18  # the control point's offset, as a share of the leg's length
MIN_BULGE = 28.0  # short legs (Bishkek → Almaty) bend at least this far, to show an arrow
LABEL = 10
Point = tuple[float, float]


def _frame(project: Albers, places: list[Point]) -> tuple[float, float, float, float]:
    """The projected box to draw: around ``places`` (lon, lat), within ``FRAME``."""
    (w, s), (e, n) = FRAME
    if places:
        lons, lats = [p[0] for p in places], [p[1] for p in places]
        spans = []
        for low, high, least, lo_bound, hi_bound in (
            (min(lons), max(lons), MIN_SPAN[0], w, e),
            (min(lats), max(lats), MIN_SPAN[1], s, n),
        ):
            pad = max((high - low) * MARGIN, (least - (high - low)) / 2, 1.0)
            spans.append((max(low - pad, lo_bound), min(high + pad, hi_bound)))
        (w, e), (s, n) = spans
    points = [project(lon, lat) for lon in (w, (w + e) / 2, e) for lat in (s, n)]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _arrow(a: Point, b: Point, width: float) -> tuple[str, str, Point, Point]:
    """The curve from ``a`` towards ``b`` (bent to its left, so A→B and B→A do not
    overlap), the triangle of its head ending at ``b``, the curve's midpoint, and the
    direction its bend faces (a unit vector)."""
    (ax, ay), (bx, by) = a, b
    length = hypot(bx - ax, by - ay) or 1.0
    bulge = max(BEND * length, MIN_BULGE) / length
    cx, cy = (ax + bx) / 2 - (by - ay) * bulge, (ay + by) / 2 + (bx - ax) * bulge
    # The head points along the curve's tangent at its end (from the control point).
    tx, ty = bx - cx, by - cy
    norm = hypot(tx, ty) or 1.0
    ux, uy = tx / norm, ty / norm
    head, half = max(6.0, 1.6 * width), max(3.5, 1.0 * width)
    base = (bx - ux * head, by - uy * head)
    left = (base[0] - uy * half, base[1] + ux * half)
    right = (base[0] + uy * half, base[1] - ux * half)
    curve = f"M{ax:.1f},{ay:.1f} Q{cx:.1f},{cy:.1f} {base[0]:.1f},{base[1]:.1f}"
    triangle = " ".join(f"{x:.1f},{y:.1f}" for x, y in (left, (bx, by), right))
    middle = (0.25 * ax + 0.5 * cx + 0.25 * bx, 0.25 * ay + 0.5 * cy + 0.25 * by)
    outward = (-(by - ay) / length, (bx - ax) / length)
    return curve, triangle, middle, outward


def _shortened(a: Point, b: Point, by: float) -> tuple[Point, Point]:
    """The leg from ``a`` to ``b`` with ``by`` taken off each end (off the dots)."""
    length = hypot(b[0] - a[0], b[1] - a[1]) or 1.0
    dx, dy = (b[0] - a[0]) / length * by, (b[1] - a[1]) / length * by
    return (a[0] + dx, a[1] + dy), (b[0] - dx, b[1] - dy)


def _labelled(placed: Placed, weight: str = "normal") -> list[str]:
    """A label on a white ground, so that arrows under it do not hide it."""
    x, y, w, h = placed.box
    return [
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="#ffffff" '
        'opacity="0.8" rx="2"/>',
        text(x + 1, y + h - 3, placed.text, size=LABEL, weight=weight),
    ]


def flow_map(
    legs: Mapping[tuple[str, str], float],
    label: Callable[[str], str],
    title: str = "",
    colour: str = OKABE_ITO["vermillion"],
    *,
    figures: Figures | None = None,
    caption: str = "",
    no_flows: str = "—",
    description: str = "",
) -> str:
    """``legs``: (from, to) country codes → amount, from ``FlowSet.segments()``; with
    none, no map, only ``no_flows`` (e.g. "no records")."""
    figures = figures or Figures()
    project = Albers()
    known = countries()
    shown = {(a, b): v for (a, b), v in legs.items() if a in known and b in known and v > 0}
    if not shown:
        return empty(WIDTH, 60, no_flows, title, description)
    ends = sorted({c for leg in shown for c in leg})
    x0, y0, x1, y1 = _frame(project, [known[c].anchor for c in ends])
    scale = min(WIDTH / (x1 - x0), HEIGHT / (y1 - y0))
    middle_x, middle_y = (x0 + x1) / 2, (y0 + y1) / 2

    def on_map(x: float, y: float) -> Point:
        return WIDTH / 2 + (x - middle_x) * scale, HEIGHT / 2 - (y - middle_y) * scale

    def at(lon: float, lat: float) -> Point:
        return on_map(*project(lon, lat))

    body = [f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="{SEA}"/>']
    for code, shape in projected(project).items():
        (left, bottom), (right, top) = on_map(*shape.box[:2]), on_map(*shape.box[2:])
        if right < 0 or left > WIDTH or bottom < 0 or top > HEIGHT:
            continue  # wholly outside the frame: nothing of it would show
        country = known[code]
        d = " ".join(
            "M" + " L".join(f"{px:.1f},{py:.1f}" for px, py in (on_map(*p) for p in ring)) + "Z"
            for ring in shape.rings
        )
        fill = REGION if country.region else LAND
        body.append(path(d, stroke=BORDER, fill=fill, width=0.5, tip=label(country.code)))
    top = max(shown.values())
    dots = {code: at(*known[code].anchor) for code in ends}
    taken: list[tuple[float, float, float, float]] = [
        (x - DOT, y - DOT, 2 * DOT, 2 * DOT) for x, y in dots.values()
    ]
    middles: list[tuple[Point, list[Point], str]] = []
    for (a, b), value in sorted(shown.items(), key=lambda kv: -kv[1]):
        width = 1 + 7 * value / top
        start, end = _shortened(dots[a], dots[b], DOT + 2)
        curve, triangle, middle, (nx, ny) = _arrow(start, end, width)
        amount = figures.amount(value, 1)
        tip = f"{label(a)} → {label(b)}: {amount}"
        body.append(path(curve, stroke=colour, width=width, opacity=0.75, tip=tip, series="flow"))
        body.append(f'<polygon points="{triangle}" fill="{colour}"{series_mark("flow")}/>')
        # Beside the bend, outside it: on the line it would hide the arrow.
        off = width / 2 + LABEL / 2 + 4
        near = [(middle[0] + nx * off * k, middle[1] + ny * off * k) for k in (1, 2, -1)]
        middles.append((middle, near, amount))
    marks: list[str] = []
    for code, (x, y) in dots.items():
        marks.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{DOT}" fill="#333"/>')
        found = place(label(code), (x, y), LABEL, taken, WIDTH, HEIGHT, gap=DOT + 2)
        marks += _labelled(found, weight="bold")
    for middle, near, amount in middles:
        found = place(amount, middle, LABEL, taken, WIDTH, HEIGHT, gap=0, near=near)
        marks += _labelled(found)
    if caption:
        w = text_width(caption, 9) + 10
        marks.append(rect(6, HEIGHT - 24, w, 18, "#ffffff"))
        marks.append(text(11, HEIGHT - 11, caption, size=9, fill=MUTED))
    return document(WIDTH, HEIGHT, body + marks, title, description)


def no_map(title: str) -> str:
    return empty(WIDTH, 60, title)

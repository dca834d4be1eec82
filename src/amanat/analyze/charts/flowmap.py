"""A map of flows: countries from the shipped boundaries, projected here, and an
arrow per country-to-country leg, as wide as what moves along it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from math import hypot

from amanat.analyze.charts.svg import MUTED, PALETTE, document, empty, path, text
from amanat.analyze.geo import Albers, countries

WIDTH, HEIGHT = 640, 470
# The frame, in degrees: the Gulf and Turkey to western China, the Arabian Sea to Moscow.
FRAME = ((28.0, 12.0), (98.0, 60.0))


def _frame(project: Albers) -> tuple[float, float, float, float]:
    (w, s), (e, n) = FRAME
    points = [project(lon, lat) for lon in (w, (w + e) / 2, e) for lat in (s, n)]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def flow_map(
    legs: Mapping[tuple[str, str], float],
    label: Callable[[str], str],
    title: str = "",
    colour: str = PALETTE[1],
) -> str:
    project = Albers()
    x0, y0, x1, y1 = _frame(project)
    scale = min(WIDTH / (x1 - x0), HEIGHT / (y1 - y0))

    def at(lon: float, lat: float) -> tuple[float, float]:
        x, y = project(lon, lat)
        return (x - x0) * scale, HEIGHT - (y - y0) * scale

    body = ['<rect width="100%" height="100%" fill="#eef3f7"/>']
    known = countries()
    for country in known.values():
        d = " ".join(
            "M" + " L".join(f"{px:.1f},{py:.1f}" for px, py in (at(*p) for p in ring)) + "Z"
            for ring in country.rings
        )
        fill = "#f4e9d8" if country.region else "#fbfaf7"
        body.append(path(d, stroke="#b9b2a6", fill=fill, width=0.5, tip=label(country.code)))
    shown = {(a, b): v for (a, b), v in legs.items() if a in known and b in known and v > 0}
    if not shown:
        return document(
            WIDTH, HEIGHT, [*body, text(WIDTH / 2, 20, "—", anchor="middle", fill=MUTED)], title
        )
    top = max(shown.values())
    body.append(
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="4" '
        f'markerHeight="4" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/>'
        "</marker></defs>"
    )
    ends: set[str] = set()
    for (a, b), value in sorted(shown.items(), key=lambda kv: -kv[1]):
        (ax, ay), (bx, by) = at(*known[a].anchor), at(*known[b].anchor)
        # Bend each arrow to its left, so A→B and B→A do not overlap.
        length = hypot(bx - ax, by - ay) or 1
        cx, cy = (ax + bx) / 2 - (by - ay) * 0.18, (ay + by) / 2 + (bx - ax) * 0.18
        width = 1 + 9 * value / top
        tip = f"{label(a)} → {label(b)}: {value:,.0f}"
        body.append(
            path(
                f"M{ax:.1f},{ay:.1f} Q{cx:.1f},{cy:.1f} {bx:.1f},{by:.1f}",
                stroke=colour,
                width=width,
                opacity=0.7,
                tip=tip,
            ).replace("<path ", '<path marker-end="url(#arrow)" ', 1)
            if length > 5
            else ""
        )
        ends |= {a, b}
    for code in sorted(ends):
        x, y = at(*known[code].anchor)
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="#333"/>')
        body.append(text(x + 4, y - 4, label(code), size=10))
    return document(WIDTH, HEIGHT, body, title)


def no_map(title: str) -> str:
    return empty(WIDTH, 60, title)

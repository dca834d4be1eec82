"""A Sankey diagram of origin → transit → destination, drawn from ``FlowSet.sankey()``.

Each origin is a series with its own colour, carried to the transit column; beyond the
palette's colours the smallest origins are drawn together as one grey "other".
Every node is labelled with its country and amount; the margins are as wide as the
longest label, and a node is never closer to the next than a line of text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from amanat.analyze.charts.svg import (
    MUTED,
    OTHER,
    PALETTE,
    document,
    empty,
    path,
    rect,
    series_colours,
    text,
    text_width,
)
from amanat.analyze.figures import Figures

WIDTH, NODE_W, GAP, LABEL = 640, 12, 6, 10
PLOT_H = 300  # the tallest column's flows, before the room labels need
OTHER_ORIGIN = "o:other"


def _grouped(links: Sequence[tuple[str, str, float]]) -> list[tuple[str, str, float]]:
    """The links, with origins beyond the palette's colours merged into one."""
    size: dict[str, float] = defaultdict(float)
    for source, _, value in links:
        if source.startswith("o:"):
            size[source] += value
    ranked = sorted(size, key=lambda n: (-size[n], n))
    if len(ranked) <= len(PALETTE):
        return list(links)
    kept = set(ranked[: len(PALETTE) - 1])
    merged: dict[tuple[str, str], float] = defaultdict(float)
    for source, target, value in links:
        if source.startswith("o:") and source not in kept:
            source = OTHER_ORIGIN
        merged[source, target] += value
    return [(a, b, v) for (a, b), v in merged.items()]


def sankey(
    links: Sequence[tuple[str, str, float]],
    label: Callable[[str], str],
    column_titles: Sequence[str],
    title: str = "",
    *,
    figures: Figures | None = None,
    other: str = "other",
    no_flows: str = "—",
    description: str = "",
) -> str:
    """``links`` from ``FlowSet.sankey_links()``: ("o:UZ", "t:KZ", 12) ...; with none,
    only ``no_flows``."""
    if not links:
        return empty(WIDTH, 60, no_flows, title, description)
    figures = figures or Figures()
    links = _grouped(links)
    inflow: dict[str, float] = defaultdict(float)
    outflow: dict[str, float] = defaultdict(float)
    for source, target, value in links:
        outflow[source] += value
        inflow[target] += value
    names = set(inflow) | set(outflow)
    size = {n: max(inflow[n], outflow[n]) for n in names}

    def country(node: str) -> str:
        return other if node == OTHER_ORIGIN else label(node[2:])

    def named(node: str) -> str:
        return f"{country(node)} {figures.amount(size[node], 1)}"

    columns: dict[int, list[str]] = defaultdict(list)
    for name in sorted(names):
        columns["otd".index(name[0])].append(name)
    for ids in columns.values():
        ids.sort(key=lambda n: (n == OTHER_ORIGIN, -size[n], n))
    scale = PLOT_H / max(sum(size[n] for n in ids) for ids in columns.values())
    widest = [max((text_width(named(n), LABEL) for n in columns[c]), default=0) for c in range(3)]
    left, right = widest[0] + 8, WIDTH - widest[2] - 8 - NODE_W
    xs = {0: left, 1: (left + right) / 2, 2: right}
    origins = [n for n in columns[0] if n != OTHER_ORIGIN]
    colour_of = series_colours(origins) | {OTHER_ORIGIN: OTHER}
    top: dict[str, float] = {}
    body = []
    bottom = 0.0
    for col, ids in columns.items():
        y = 30.0
        body.append(
            text(xs[col] + NODE_W / 2, 16, column_titles[col], anchor="middle", weight="bold")
        )
        for node in ids:
            h = max(size[node] * scale, 1.0)
            top[node] = y
            colour = colour_of[node] if col == 0 else "#555"
            series = node if col == 0 else ""
            body.append(rect(xs[col], y, NODE_W, h, colour, named(node), series=series))
            anchor, tx = ("end", xs[col] - 4) if col == 0 else ("start", xs[col] + NODE_W + 4)
            body.append(text(tx, y + min(h / 2, 12) + 4, named(node), anchor=anchor, size=LABEL))
            y += max(h, LABEL + 4) + GAP
        bottom = max(bottom, y)
    out_at, in_at = dict(top), dict(top)
    for a, b, v in sorted(links, key=lambda link: (link[0], -link[2])):
        h = v * scale
        col_a = 0 if a.startswith("o:") else 1
        x0, x1 = xs[col_a] + NODE_W, xs[col_a + 1]
        y0, y1 = out_at[a] + h / 2, in_at[b] + h / 2
        out_at[a] += h
        in_at[b] += h
        # Past the transit column flows from several origins mix: no origin's colour.
        colour = colour_of[a] if col_a == 0 else MUTED
        mid = (x0 + x1) / 2
        tip = f"{country(a)} → {country(b)}: {figures.amount(v, 1)}"
        body.append(
            path(
                f"M{x0:.1f},{y0:.1f} C{mid:.1f},{y0:.1f} {mid:.1f},{y1:.1f} {x1:.1f},{y1:.1f}",
                stroke=colour,
                width=max(h, 0.5),
                opacity=0.45,
                tip=tip,
                series=a if col_a == 0 else "",
            )
        )
    return document(WIDTH, bottom + 4, body, title, description)

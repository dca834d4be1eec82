"""A Sankey diagram of origin → transit → destination, drawn from ``FlowSet.sankey()``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from amanat.analyze.charts.svg import PALETTE, document, empty, path, rect, text

WIDTH, NODE_W, GAP = 640, 12, 6


def sankey(
    links: Sequence[tuple[str, str, float]],
    label: Callable[[str], str],
    column_titles: Sequence[str],
    title: str = "",
) -> str:
    """``links`` from ``FlowSet.sankey_links()``: ("o:UZ", "t:KZ", 12) ..."""
    if not links:
        return empty(WIDTH, 60, title or "—")
    inflow: dict[str, float] = defaultdict(float)
    outflow: dict[str, float] = defaultdict(float)
    for source, target, value in links:
        outflow[source] += value
        inflow[target] += value
    names = set(inflow) | set(outflow)
    size = {n: max(inflow[n], outflow[n]) for n in names}
    columns: dict[int, list[str]] = defaultdict(list)
    for name in sorted(names):
        columns["otd".index(name[0])].append(name)
    for ids in columns.values():
        ids.sort(key=lambda n: -size[n])
    height = 360
    usable = height - 40 - GAP * max(len(ids) for ids in columns.values())
    scale = usable / max(sum(size[n] for n in ids) for ids in columns.values())
    xs = {0: 110.0, 1: (WIDTH - NODE_W) / 2, 2: WIDTH - 110.0 - NODE_W}
    top: dict[str, float] = {}
    body = []
    for col, ids in columns.items():
        y = 30.0
        body.append(
            text(xs[col] + NODE_W / 2, 16, column_titles[col], anchor="middle", weight="bold")
        )
        for i, node in enumerate(ids):
            h = max(size[node] * scale, 1.0)
            top[node] = y
            colour = PALETTE[i % len(PALETTE)] if col == 0 else "#555"
            body.append(
                rect(xs[col], y, NODE_W, h, colour, f"{label(node[2:])}: {size[node]:,.0f}")
            )
            anchor, tx = ("end", xs[col] - 4) if col == 0 else ("start", xs[col] + NODE_W + 4)
            body.append(
                text(tx, y + min(h / 2 + 4, h + 10), label(node[2:]), anchor=anchor, size=10)
            )
            y += h + GAP
    out_at, in_at = dict(top), dict(top)
    colour_of = {n: PALETTE[i % len(PALETTE)] for i, n in enumerate(columns[0])}
    via_colour: dict[str, str] = {}
    for a, b, v in sorted(links, key=lambda link: (link[0], -link[2])):
        h = v * scale
        col_a = 0 if a.startswith("o:") else 1
        x0, x1 = xs[col_a] + NODE_W, xs[col_a + 1]
        y0, y1 = out_at[a] + h / 2, in_at[b] + h / 2
        out_at[a] += h
        in_at[b] += h
        colour = colour_of.get(a) or via_colour.get(a, "#999")
        via_colour.setdefault(b, colour)
        mid = (x0 + x1) / 2
        tip = f"{label(a[2:])} → {label(b[2:])}: {v:,.0f}"
        body.append(
            path(
                f"M{x0:.1f},{y0:.1f} C{mid:.1f},{y0:.1f} {mid:.1f},{y1:.1f} {x1:.1f},{y1:.1f}",
                stroke=colour,
                width=max(h, 0.5),
                opacity=0.45,
                tip=tip,
            )
        )
    return document(WIDTH, height, body, title)

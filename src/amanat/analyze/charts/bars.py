"""Bar and line charts: the pipeline funnel, who reaches conviction, year on year.

Numbers are written for the reader's language (``Figures``).  On the yearly chart
every year of the period has its place on the axis; a year with no records at all
is a gap, shaded and labelled, never a line drawn straight across it.  A year not
over yet (``partial``) is drawn dashed and hollow, and its axis label says how far
it goes, so that a quarter of a year is not read as a fall.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from html import escape

from amanat.analyze.charts.svg import (
    GRID,
    MUTED,
    OKABE_ITO,
    document,
    empty,
    legend,
    line,
    rect,
    series_colours,
    series_mark,
    text,
    text_width,
)
from amanat.analyze.figures import Figures

WIDTH = 640
NO_RECORDS = "no records"
GAP_FILL = "#f1f1f1"


def _label_column(labels: Sequence[str], size: int = 11) -> tuple[float, int]:
    """Where bars start (right of the longest label, within reason) and the labels'
    font size: smaller, down to 7, for labels that would not fit otherwise."""
    widest = max(text_width(s, 1) for s in labels)
    room = WIDTH * 0.55 - 16
    fitting = max(min(size, int(room / widest)) if widest else size, 7)
    return min(widest * fitting + 16, WIDTH * 0.55), fitting


def funnel(
    stages: Sequence[tuple[str, int, float | None]],
    label: Callable[[str], str],
    title: str = "",
    *,
    figures: Figures | None = None,
    description: str = "",
) -> str:
    """Horizontal bars: each stage's count, and the conversion from the stage before."""
    if not stages or not any(n for _, n, _ in stages):
        return empty(WIDTH, 60, "—", title, description)
    figures = figures or Figures()
    bar_h, gap = 18, 8
    left, size = _label_column([label(s) for s, _, _ in stages])
    top = max(n for _, n, _ in stages)
    height = 20 + len(stages) * (bar_h + gap)
    colour = OKABE_ITO["blue"]
    body = []
    for i, (stage, count, rate) in enumerate(stages):
        y = 10 + i * (bar_h + gap)
        w = (WIDTH - left - 110) * count / top if top else 0
        shown = figures.count(count)
        if rate is not None:
            shown += f" ({figures.share(rate)})"
        body.append(text(left - 8, y + 13, label(stage), anchor="end", size=size))
        body.append(rect(left, y, w, bar_h, colour, f"{label(stage)}: {shown}", series="count"))
        body.append(text(left + w + 6, y + 13, shown))
    return document(WIDTH, height, body, title, description)


def grouped_share(
    rows: Sequence[tuple[str, float | None]],
    label: Callable[[str], str],
    title: str = "",
    *,
    figures: Figures | None = None,
    description: str = "",
) -> str:
    """One bar per category, a share from 0 to 100 %."""
    if not rows:
        return empty(WIDTH, 60, "—", title, description)
    figures = figures or Figures()
    bar_h, gap = 16, 6
    left, size = _label_column([label(name) for name, _ in rows])
    height = 30 + len(rows) * (bar_h + gap)
    span = WIDTH - left - 60
    colour = OKABE_ITO["vermillion"]
    body = [line(left + span * k / 4, 5, left + span * k / 4, height - 20) for k in range(5)]
    body += [
        text(left + span * k / 4, height - 6, figures.share(k / 4), anchor="middle", size=9)
        for k in range(5)
    ]
    for i, (name, share) in enumerate(rows):
        y = 8 + i * (bar_h + gap)
        body.append(text(left - 8, y + 12, label(name), anchor="end", size=size))
        tip = f"{label(name)}: {figures.share(share)}"
        body.append(rect(left, y, span * (share or 0), bar_h, colour, tip, series="share"))
        body.append(text(left + span * (share or 0) + 4, y + 12, figures.share(share), size=10))
    return document(WIDTH, height, body, title, description)


def nice_top(top: float, ticks: int = 4) -> float:
    """The least round number (1, 2, 2.5 or 5 times a power of ten, times ``ticks``)
    not below ``top``: the axis' end, so that every tick is a whole, round number."""
    raw = max(top / ticks, 1.0)
    power = 10 ** math.floor(math.log10(raw))
    steps = (1, 2, 2.5, 5, 10) if power >= 10 else (1, 2, 5, 10)
    step = next(m * power for m in steps if m * power >= raw)
    return float(step * ticks)


def _runs(years: Sequence[int], values: Mapping[int, int]) -> list[list[int]]:
    """The years with a value, split where a year has none."""
    runs: list[list[int]] = [[]]
    for year in years:
        if year in values:
            runs[-1].append(year)
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if r]


def _gap_label(x: float, y: float, value: str, room: float) -> str:
    """The gap's label, across the band if it fits, else up it."""
    if text_width(value, 9) <= room - 4:
        return text(x, y, value, size=9, anchor="middle", fill=MUTED)
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="9" text-anchor="middle" fill="{MUTED}" '
        f'transform="rotate(-90 {x:.1f} {y:.1f})">{escape(value)}</text>'
    )


def yearly_lines(
    series: Mapping[str, Mapping[int, int]],
    label: Callable[[str], str],
    title: str = "",
    *,
    description: str = "",
    years: Sequence[int] = (),
    figures: Figures | None = None,
    no_records: str = NO_RECORDS,
    partial: dt.date | None = None,
    partial_label: str = "",
) -> str:
    """One line per series over ``years`` (default: the first to the last year with
    a value), with a legend below.  A year no series has a value for is a gap; the
    year of ``partial`` (counted up to that day) is marked with ``partial_label``."""
    found = {y for values in series.values() for y in values}
    most = max([v for values in series.values() for v in values.values()] or [0])
    if not found or not most:
        return empty(WIDTH, 60, "—", title, description)
    figures, top = figures or Figures(), nice_top(most)
    span = sorted(set(years) | found) if years else []
    axis = list(range(span[0], span[-1] + 1)) if span else list(range(min(found), max(found) + 1))
    left, right, plot_top, plot_h = 50, 20, 10, 200
    plot_w = WIDTH - left - right
    step = plot_w / len(axis)  # each year the middle of a band of its own

    def x(year: int) -> float:
        return left + step * (year - axis[0] + 0.5)

    def y(value: float) -> float:
        return plot_top + plot_h * (1 - value / top)

    body = []
    for year in axis:
        if year not in found:  # no records at all that year: say so, draw no line across
            body.append(rect(x(year) - step / 2, plot_top, step, plot_h, GAP_FILL))
            body.append(_gap_label(x(year), plot_top + plot_h / 2, no_records, step))
    for k in range(5):
        level = top * k / 4
        body += [
            line(left, y(level), left + plot_w, y(level), GRID),
            text(left - 6, y(level) + 4, figures.count(level), anchor="end", size=9),
        ]
    axis_y = plot_top + plot_h + 16
    body += [text(x(yr), axis_y, str(yr), anchor="middle", size=9, fill=MUTED) for yr in axis]
    last = partial.year if partial is not None and partial.year in axis else None
    if last is not None and partial_label:
        body.append(_axis_note(x(last), axis_y + 11, partial_label, step))
    colours = series_colours(list(series))
    for name, values in series.items():
        body += _series(name, values, axis, last, colours[name], x, y, label, figures)
    entries = [(name, colours[name], label(name)) for name in series]
    under = axis_y + (24 if last is not None and partial_label else 12)
    keys, key_h = legend(entries, left, under, plot_w)
    return document(WIDTH, under + key_h, body + keys, title, description)


def _axis_note(x: float, y: float, value: str, room: float) -> str:
    """A note under a year's axis label, smaller where the band is narrow."""
    size = 8 if text_width(value, 8) <= room * 1.6 else 7
    return text(x, y, value, size=size, anchor="middle", fill=MUTED)


def _series(
    name: str,
    values: Mapping[int, int],
    axis: Sequence[int],
    partial: int | None,
    colour: str,
    x: Callable[[int], float],
    y: Callable[[float], float],
    label: Callable[[str], str],
    figures: Figures,
) -> list[str]:
    """One series' lines and points; into the ``partial`` year dashed, its point hollow."""
    mark, body = series_mark(name), []
    whole = {yr: v for yr, v in values.items() if yr != partial}
    for run in _runs(axis, whole):
        points = " ".join(f"{x(yr):.1f},{y(values[yr]):.1f}" for yr in run)
        body.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"{mark}/>'
        )
    if partial is not None and partial in values and partial - 1 in values:
        ends = f'x1="{x(partial - 1):.1f}" y1="{y(values[partial - 1]):.1f}" '
        ends += f'x2="{x(partial):.1f}" y2="{y(values[partial]):.1f}"'
        body.append(
            f'<line {ends} stroke="{colour}" stroke-width="2" stroke-dasharray="4 3"{mark}/>'
        )
    for yr in sorted(values):
        fill = "#fff" if yr == partial else colour
        body.append(
            f'<circle cx="{x(yr):.1f}" cy="{y(values[yr]):.1f}" r="2.5" fill="{fill}" '
            f'stroke="{colour}"{mark}>'
            f"<title>{escape(label(name))} {yr}: {figures.count(values[yr])}</title></circle>"
        )
    return body

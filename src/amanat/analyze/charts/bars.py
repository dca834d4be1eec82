"""Bar and line charts: the pipeline funnel, who reaches conviction, year on year."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from amanat.analyze.charts.svg import (
    GRID,
    MUTED,
    PALETTE,
    document,
    empty,
    line,
    percent,
    rect,
    text,
)


def funnel(
    stages: Sequence[tuple[str, int, float | None]], label: Callable[[str], str], title: str = ""
) -> str:
    """Horizontal bars: each stage's count, and the conversion from the stage before."""
    if not stages or not any(n for _, n, _ in stages):
        return empty(640, 60, title or "—")
    width, left, bar_h, gap = 640, 270, 18, 8
    top = max(n for _, n, _ in stages)
    height = 20 + len(stages) * (bar_h + gap)
    body = []
    for i, (stage, count, rate) in enumerate(stages):
        y = 10 + i * (bar_h + gap)
        w = (width - left - 110) * count / top if top else 0
        body.append(text(left - 8, y + 13, label(stage), anchor="end"))
        body.append(rect(left, y, w, bar_h, PALETTE[0], f"{label(stage)}: {count:,}"))
        body.append(
            text(left + w + 6, y + 13, f"{count:,}  {percent(rate) if rate is not None else ''}")
        )
    return document(width, height, body, title)


def grouped_share(
    rows: Sequence[tuple[str, float | None]], label: Callable[[str], str], title: str = ""
) -> str:
    """One bar per category, a share from 0 to 100 %."""
    if not rows:
        return empty(640, 60, title or "—")
    width, left, bar_h, gap = 640, 270, 16, 6
    height = 30 + len(rows) * (bar_h + gap)
    span = width - left - 60
    body = [line(left + span * k / 4, 5, left + span * k / 4, height - 20) for k in range(5)]
    body += [
        text(left + span * k / 4, height - 6, f"{25 * k}%", anchor="middle", fill=MUTED, size=9)
        for k in range(5)
    ]
    for i, (name, share) in enumerate(rows):
        y = 8 + i * (bar_h + gap)
        body.append(text(left - 8, y + 12, label(name), anchor="end"))
        body.append(
            rect(
                left, y, span * (share or 0), bar_h, PALETTE[1], f"{label(name)}: {percent(share)}"
            )
        )
        body.append(text(left + span * (share or 0) + 4, y + 12, percent(share), size=10))
    return document(width, height, body, title)


def yearly_lines(
    series: Mapping[str, Mapping[int, int]], label: Callable[[str], str], title: str = ""
) -> str:
    """One line per series over the years, with a legend."""
    years = sorted({y for values in series.values() for y in values})
    top = max([v for values in series.values() for v in values.values()] or [0])
    if len(years) < 2 or not top:
        return empty(640, 60, title or "—")
    width, height, left, right, bottom = 640, 260, 50, 210, 30
    plot_w, plot_h = width - left - right, height - bottom - 15

    def x(year: int) -> float:
        return left + plot_w * (year - years[0]) / (years[-1] - years[0])

    def y(value: float) -> float:
        return 10 + plot_h * (1 - value / top)

    body = []
    for k in range(5):
        level = top * k / 4
        body += [
            line(left, y(level), left + plot_w, y(level), GRID),
            text(left - 6, y(level) + 4, f"{level:,.0f}", anchor="end", size=9, fill=MUTED),
        ]
    body += [text(x(yr), height - 10, str(yr), anchor="middle", size=9, fill=MUTED) for yr in years]
    for i, (name, values) in enumerate(series.items()):
        colour = PALETTE[i % len(PALETTE)]
        points = " ".join(f"{x(yr):.1f},{y(values.get(yr, 0)):.1f}" for yr in years)
        body.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        body.append(rect(width - right + 10, 14 + 16 * i, 10, 10, colour))
        body.append(text(width - right + 26, 23 + 16 * i, label(name), size=9))
    return document(width, height, body, title)

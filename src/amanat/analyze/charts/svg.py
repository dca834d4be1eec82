"""A few SVG primitives: charts are drawn in Python and inlined in pages and PDFs,
so the report needs no JavaScript, no CDN and no chart library at run time."""

from __future__ import annotations

from html import escape

PALETTE = ("#1f5f8b", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d6a9f", "#30638e", "#a05c34")
INK, MUTED, GRID = "#222", "#666", "#ddd"
# A presentation attribute, not a style attribute: the web app's content security
# policy forbids inline styles, and the SVG is inlined in its pages.
FONT = "'DejaVu Sans',Arial,sans-serif"


def document(width: float, height: float, body: list[str], title: str = "") -> str:
    label = f"<title>{escape(title)}</title>" if title else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" font-family="{FONT}">{label}'
        + "".join(body)
        + "</svg>"
    )


def text(
    x: float,
    y: float,
    value: str,
    *,
    size: int = 11,
    anchor: str = "start",
    fill: str = INK,
    weight: str = "normal",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{fill}" font-weight="{weight}">{escape(value)}</text>'
    )


def rect(x: float, y: float, w: float, h: float, fill: str, tip: str = "") -> str:
    title = f"<title>{escape(tip)}</title>" if tip else ""
    size = f'width="{max(w, 0):.1f}" height="{max(h, 0):.1f}"'
    return f'<rect x="{x:.1f}" y="{y:.1f}" {size} fill="{fill}">{title}</rect>'


def line(x1: float, y1: float, x2: float, y2: float, stroke: str = GRID, width: float = 1) -> str:
    ends = f'x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"'
    return f'<line {ends} stroke="{stroke}" stroke-width="{width}"/>'


def path(
    d: str,
    *,
    stroke: str = "none",
    fill: str = "none",
    width: float = 1,
    opacity: float = 1,
    tip: str = "",
) -> str:
    title = f"<title>{escape(tip)}</title>" if tip else ""
    return (
        f'<path d="{d}" stroke="{stroke}" fill="{fill}" stroke-width="{width:.2f}" '
        f'opacity="{opacity:.2f}">{title}</path>'
    )


def percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def empty(width: float, height: float, message: str) -> str:
    return document(
        width, height, [text(width / 2, height / 2, message, anchor="middle", fill=MUTED)]
    )

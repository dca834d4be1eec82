"""A few SVG primitives: charts are drawn in Python and inlined in pages and PDFs,
so the report needs no JavaScript, no CDN and no chart library at run time.

Colours are Okabe and Ito's palette for colour-blind readers (Okabe & Ito 2008,
"Color Universal Design", https://jfly.uni-koeln.de/color/): its eight colours stay
apart under protanopia, deuteranopia and tritanopia.  A chart gives each series its
own colour from it, and marks every element drawn for a series with
``data-series`` (tests read the marks to check that no two series share a colour).
Legends are laid out inside the drawing, in columns that fit its width, never cut off.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

# Okabe–Ito, ordered so that the first colours read best as thin lines on white
# (yellow, the faintest, last).
OKABE_ITO = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "bluish_green": "#009E73",
    "orange": "#E69F00",
    "reddish_purple": "#CC79A7",
    "sky_blue": "#56B4E9",
    "black": "#000000",
    "yellow": "#F0E442",
}
PALETTE = tuple(OKABE_ITO.values())
OTHER = "#999999"  # what is left over after the palette's series ("other countries")
INK, MUTED, GRID = "#222", "#666", "#ddd"
# A presentation attribute, not a style attribute: the web app's content security
# policy forbids inline styles, and the SVG is inlined in its pages.
FONT = "'DejaVu Sans',Arial,sans-serif"
# DejaVu Sans advances average ~0.55 em over words (capitals ~0.7, "i" 0.28); this
# errs wide, so that what is laid out from it is never cut off.
EM_WIDTH = 0.62
SWATCH = 10


def series_colours(names: Sequence[str]) -> dict[str, str]:
    """A palette colour for each series, none shared; more series than colours is
    the caller's to group first (an "other" series)."""
    if len(names) > len(PALETTE):
        raise ValueError(f"{len(names)} series, but only {len(PALETTE)} distinct colours")
    return dict(zip(names, PALETTE, strict=False))


def text_width(value: str, size: float) -> float:
    """An upper estimate of the drawn width of ``value`` at font ``size``."""
    return len(value) * size * EM_WIDTH


def document(
    width: float, height: float, body: list[str], title: str = "", description: str = ""
) -> str:
    """The drawing, named by ``title`` and told in words by ``description``: an image
    (``role="img"``) needs its own accessible name, and a screen reader reads both."""
    label = f"<title>{escape(title)}</title>" if title else ""
    label += f"<desc>{escape(description)}</desc>" if description else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" font-family="{FONT}">{label}'
        + "".join(body)
        + "</svg>"
    )


def series_mark(series: str) -> str:
    """The attribute that says which series an element is drawn for."""
    return f' data-series="{escape(series)}"' if series else ""


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


def rect(x: float, y: float, w: float, h: float, fill: str, tip: str = "", series: str = "") -> str:
    title = f"<title>{escape(tip)}</title>" if tip else ""
    size = f'width="{max(w, 0):.1f}" height="{max(h, 0):.1f}"'
    return f'<rect x="{x:.1f}" y="{y:.1f}" {size} fill="{fill}"{series_mark(series)}>{title}</rect>'


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
    series: str = "",
) -> str:
    title = f"<title>{escape(tip)}</title>" if tip else ""
    return (
        f'<path d="{d}" stroke="{stroke}" fill="{fill}" stroke-width="{width:.2f}" '
        f'opacity="{opacity:.2f}"{series_mark(series)}>{title}</path>'
    )


def legend(
    entries: Sequence[tuple[str, str, str]], x: float, y: float, width: float, size: int = 10
) -> tuple[list[str], float]:
    """(series, colour, label) entries in as many aligned columns as fit ``width``,
    from (x, y); the elements and the height they take."""
    if not entries:
        return [], 0.0
    row_h, gap = size + 8, 16
    cell = max(SWATCH + 6 + text_width(label, size) for _, _, label in entries) + gap
    columns = max(1, int((width + gap) // cell))
    body: list[str] = []
    for i, (series, colour, label) in enumerate(entries):
        cx, cy = x + (i % columns) * cell, y + (i // columns) * row_h
        body.append(rect(cx, cy, SWATCH, SWATCH, colour, series=series))
        body.append(text(cx + SWATCH + 6, cy + SWATCH - 1, label, size=size))
    return body, ((len(entries) - 1) // columns + 1) * row_h


def empty(width: float, height: float, message: str, title: str = "", description: str = "") -> str:
    """A chart with nothing to draw: only ``message``, and still its title."""
    return document(
        width,
        height,
        [text(width / 2, height / 2, message, anchor="middle", fill=MUTED)],
        title or message,
        description,
    )

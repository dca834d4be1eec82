"""Reading a chart back: which colour each series is drawn in, and where each piece of
text lies (for the checks that legends and labels stay inside the drawing)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from amanat.analyze.charts.svg import text_width

SVG = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Drawn:
    width: float
    height: float
    root: ET.Element

    def series_colours(self) -> dict[str, set[str]]:
        """Every colour each series is drawn in (fill of shapes, stroke of lines)."""
        found: dict[str, set[str]] = {}
        for element in self.root.iter():
            series = element.get("data-series")
            if series is None:
                continue
            colour = element.get("stroke") if element.tag.endswith("polyline") else None
            colour = colour or element.get("fill")
            if colour in (None, "none"):
                colour = element.get("stroke")
            found.setdefault(series, set()).add(str(colour).lower())
        return found

    def texts(self) -> list[tuple[str, tuple[float, float, float, float]]]:
        """(text, (left, top, right, bottom)) of every unrotated text, estimated as
        the charts estimate it."""
        boxes = []
        for element in self.root.iter(f"{SVG}text"):
            if element.get("transform"):
                continue
            value = element.text or ""
            size = float(element.get("font-size", "11"))
            x, y = float(element.get("x", "0")), float(element.get("y", "0"))
            width = text_width(value, size)
            anchor = element.get("text-anchor", "start")
            left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
            boxes.append((value, (left, y - size, left + width, y + 2)))
        return boxes

    def text(self) -> list[str]:
        return [value for value, _ in self.texts()]


def drawn(svg: str) -> Drawn:
    root = ET.fromstring(svg)
    _, _, width, height = (float(v) for v in root.get("viewBox", "0 0 0 0").split())
    return Drawn(width, height, root)


def assert_distinct_series(svg: str) -> dict[str, str]:
    """Each series in one colour, and no two series in the same one."""
    colours = drawn(svg).series_colours()
    assert colours, "no series marked"
    for series, used in colours.items():
        assert len(used) == 1, (series, used)
    single = {series: next(iter(used)) for series, used in colours.items()}
    assert len(set(single.values())) == len(single), single
    return single


def assert_text_inside(svg: str) -> None:
    found = drawn(svg)
    for value, (left, top, right, bottom) in found.texts():
        assert left >= 0 and right <= found.width, (value, left, right, found.width)
        assert top >= 0 and bottom <= found.height, (value, top, bottom, found.height)

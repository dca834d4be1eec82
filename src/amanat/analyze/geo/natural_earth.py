"""Regenerate ``boundaries.geojson`` from Natural Earth's 1:110m countries.

Run once by a developer, never at run time (the app ships the result):

    python -m amanat.analyze.geo.natural_earth PATH/naturalearth_lowres.shp

Natural Earth is in the public domain.  Its 1:110m admin-0 countries ship as
``naturalearth_lowres`` inside the geopandas 0.14 wheel (``pip download --no-deps
geopandas==0.14.4``); this module reads the shapefile and its .dbf with the
standard library, keeps the countries around Central Asia and the routes out of it,
rounds to 0.01° and adds an anchor point (a capital or main hub) where flow arrows
start and end, so that an arrow to Russia points at Moscow rather than Siberia.
"""

from __future__ import annotations

import json
import struct
import sys
from itertools import pairwise
from pathlib import Path
from typing import Any

from amanat.vocab import vocabulary

# The view: Europe's east, the Middle East and Gulf, Central and South Asia.
WEST, EAST, SOUTH, NORTH = 20.0, 105.0, 8.0, 66.0
# Where arrows meet each country of the routes (lon, lat); others use their centroid.
ANCHORS: dict[str, tuple[float, float]] = {
    "RU": (37.6, 55.8),  # Moscow
    "TR": (29.0, 41.0),  # Istanbul
    "AE": (55.3, 25.2),  # Dubai
    "KZ": (76.9, 43.2),  # Almaty
    "KG": (74.6, 42.9),  # Bishkek
    "UZ": (69.3, 41.3),  # Tashkent
    "TJ": (68.8, 38.6),  # Dushanbe
    "TM": (58.4, 37.9),  # Ashgabat
    "AF": (69.2, 34.5),  # Kabul
    "CN": (87.6, 43.8),  # Ürümqi
    "IR": (51.4, 35.7),  # Tehran
    "PK": (73.0, 33.7),  # Islamabad
    "SA": (46.7, 24.7),  # Riyadh
}
REGION = ("KZ", "KG", "UZ", "TJ", "TM")


def _read_dbf(path: Path) -> list[dict[str, str]]:
    cpg = path.with_suffix(".cpg")
    encoding = cpg.read_text().strip() if cpg.exists() else "latin-1"
    data = path.read_bytes()
    count, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields: list[tuple[str, int]] = []
    offset = 32
    while data[offset] != 0x0D:
        name = data[offset : offset + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[offset + 16]))
        offset += 32
    rows = []
    for i in range(count):
        start = header_len + i * record_len + 1  # past the deletion flag
        row = {}
        for name, length in fields:
            row[name] = data[start : start + length].decode(encoding).strip()
            start += length
        rows.append(row)
    return rows


def _read_polygons(path: Path) -> list[list[list[tuple[float, float]]]]:
    """Each shape's rings, in file order (shape types Polygon and empty only)."""
    data = path.read_bytes()
    shapes: list[list[list[tuple[float, float]]]] = []
    offset = 100
    while offset < len(data):
        length = struct.unpack(">i", data[offset + 4 : offset + 8])[0] * 2
        body = data[offset + 8 : offset + 8 + length]
        offset += 8 + length
        if struct.unpack("<i", body[:4])[0] != 5:
            shapes.append([])
            continue
        parts, points = struct.unpack("<ii", body[36:44])
        starts = [*struct.unpack(f"<{parts}i", body[44 : 44 + 4 * parts]), points]
        base = 44 + 4 * parts
        xy = struct.unpack(f"<{2 * points}d", body[base : base + 16 * points])
        coords = [(xy[2 * k], xy[2 * k + 1]) for k in range(points)]
        shapes.append([coords[a:b] for a, b in pairwise(starts)])
    return shapes


def _in_view(ring: list[tuple[float, float]]) -> bool:
    return any(WEST <= x <= EAST and SOUTH <= y <= NORTH for x, y in ring)


def _centroid(ring: list[tuple[float, float]]) -> tuple[float, float]:
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return (cx / (3 * area), cy / (3 * area)) if area else ring[0]


def _area(ring: list[tuple[float, float]]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring)))


def build(shp: Path) -> dict[str, Any]:
    alpha2 = {t.attrs.get("alpha3"): t.code for t in vocabulary("country")}
    features = []
    for row, rings in zip(_read_dbf(shp.with_suffix(".dbf")), _read_polygons(shp), strict=True):
        code = alpha2.get(row["iso_a3"])
        kept = [r for r in rings if _in_view(r)]
        if code is None or not kept:
            continue
        rounded = [[[round(x, 2), round(y, 2)] for x, y in ring] for ring in kept]
        anchor = ANCHORS.get(code) or _centroid(max(kept, key=_area))
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {
                    "code": code,
                    "region": code in REGION,
                    "anchor": [round(anchor[0], 2), round(anchor[1], 2)],
                },
                "geometry": {"type": "MultiPolygon", "coordinates": [[r] for r in rounded]},
            }
        )
    features.sort(key=lambda f: str(f["id"]))
    return {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:110m admin-0 countries (public domain), clipped to the view",
        "bbox": [WEST, SOUTH, EAST, NORTH],
        "features": features,
    }


def main(argv: list[str]) -> None:
    out = Path(__file__).with_name("boundaries.geojson")
    collection = build(Path(argv[0]))
    out.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(collection['features'])} countries written to {out}")


if __name__ == "__main__":
    main(sys.argv[1:])

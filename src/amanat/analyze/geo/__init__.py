"""Country boundaries shipped with the app (Natural Earth 1:110m, public domain),
and the projection the maps are drawn in.  Nothing is downloaded at run time."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from math import cos, radians, sin, sqrt

Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class Country:
    code: str
    region: bool
    anchor: tuple[float, float]  # lon, lat where flow arrows meet it
    rings: list[Ring]


@cache
def countries() -> dict[str, Country]:
    text = resources.files("amanat.analyze.geo").joinpath("boundaries.geojson").read_text("utf-8")
    found = {}
    for feature in json.loads(text)["features"]:
        props = feature["properties"]
        rings = [
            [(float(x), float(y)) for x, y in ring]
            for poly in feature["geometry"]["coordinates"]
            for ring in poly
        ]
        lon, lat = (float(v) for v in props["anchor"])
        found[props["code"]] = Country(props["code"], bool(props["region"]), (lon, lat), rings)
    return found


@dataclass(frozen=True)
class Albers:
    """Albers equal-area conic; the defaults suit Central Asia and the routes out
    of it (standard parallels 30° and 55° N, centred on 62° E, 40° N)."""

    lon0: float = 62.0
    lat0: float = 40.0
    lat1: float = 30.0
    lat2: float = 55.0

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        n = (sin(radians(self.lat1)) + sin(radians(self.lat2))) / 2
        c = cos(radians(self.lat1)) ** 2 + 2 * n * sin(radians(self.lat1))
        rho0 = sqrt(c - 2 * n * sin(radians(self.lat0))) / n
        rho = sqrt(c - 2 * n * sin(radians(lat))) / n
        delta = (lon - self.lon0 + 180) % 360 - 180  # the far side of 180° stays far
        theta = n * radians(delta)
        return rho * sin(theta), rho0 - rho * cos(theta)


@dataclass(frozen=True)
class Shape:
    """A country's rings in a projection's plane, and the box around them."""

    rings: list[Ring]
    box: tuple[float, float, float, float]  # min x, min y, max x, max y


@cache
def projected(project: Albers) -> dict[str, Shape]:
    """Every country projected once: the boundaries never change, and projecting
    them point by point took most of drawing a map."""
    found = {}
    for code, country in countries().items():
        rings = [[project(lon, lat) for lon, lat in ring] for ring in country.rings]
        xs = [x for ring in rings for x, _ in ring]
        ys = [y for ring in rings for _, y in ring]
        found[code] = Shape(rings, (min(xs), min(ys), max(xs), max(ys)))
    return found

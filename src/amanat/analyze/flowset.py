"""Origin → transit → destination flows, and the shapes they are shown in: a
matrix, Sankey nodes and links, and country-to-country segments for the map.

A flow with several transit countries keeps them all for the matrices and the map;
the Sankey has one transit column and shows the first (``DIRECT`` when none).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from amanat.analyze.tabular import Table

DIRECT = "direct"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Path:
    origin: str
    transits: tuple[str, ...]
    destination: str

    def segments(self) -> list[tuple[str, str]]:
        stops = [self.origin, *self.transits, self.destination]
        return [(a, b) for a, b in pairwise(stops) if a != b]


@dataclass
class FlowSet:
    """Amounts (victims, kilograms, weapons) moving along paths."""

    name: str
    unit: str
    amounts: dict[Path, float] = field(default_factory=dict)

    def add(self, path: Path, amount: float = 1.0) -> None:
        self.amounts[path] = self.amounts.get(path, 0.0) + amount

    def largest(self) -> list[tuple[Path, float]]:
        return sorted(self.amounts.items(), key=lambda item: -item[1])

    def total(self) -> float:
        return float(sum(self.amounts.values()))

    def matrix(
        self, rows: str = "origin", columns: str = "destination"
    ) -> dict[str, dict[str, float]]:
        """``rows`` × ``columns`` (each origin, transit or destination); a victim
        passing two transit countries counts in both transit rows."""
        out: dict[str, dict[str, float]] = {}
        for path, amount in self.amounts.items():
            for r in _ends(path, rows):
                for c in _ends(path, columns):
                    row = out.setdefault(r, {})
                    row[c] = row.get(c, 0.0) + amount
        return {r: dict(sorted(cs.items())) for r, cs in sorted(out.items())}

    def matrix_table(self, rows: str = "origin", columns: str = "destination") -> Table:
        grid = self.matrix(rows, columns)
        keys = sorted({c for cs in grid.values() for c in cs})
        body = [(r, *(cs.get(c, 0) for c in keys), sum(cs.values())) for r, cs in grid.items()]
        return Table(
            f"{self.name}_{rows}_{columns}",
            f"{self.unit}: {rows} × {columns}",
            (f"{rows}\\{columns}", *keys, "total"),
            list(body),
        )

    def path_table(self) -> Table:
        rows = [
            (p.origin, " > ".join(p.transits) or DIRECT, p.destination, amount)
            for p, amount in self.largest()
        ]
        return Table(
            f"{self.name}_paths",
            f"{self.unit} by route",
            ("origin", "transit", "destination", self.unit),
            list(rows),
        )

    def sankey_links(self) -> list[tuple[str, str, float]]:
        """Links between the three columns ("o:", "t:", "d:" + country), summed."""
        links: dict[tuple[str, str], float] = {}
        for path, amount in self.amounts.items():
            via = path.transits[0] if path.transits else DIRECT
            for pair in ((f"o:{path.origin}", f"t:{via}"), (f"t:{via}", f"d:{path.destination}")):
                links[pair] = links.get(pair, 0.0) + amount
        return [(a, b, v) for (a, b), v in sorted(links.items())]

    def sankey(self) -> dict[str, list[dict[str, object]]]:
        """Nodes in three columns and links between them, as JSON for a web chart."""
        links = {(a, b): v for a, b, v in self.sankey_links()}
        names = sorted({n for pair in links for n in pair}, key=lambda n: ("otd".index(n[0]), n))
        return {
            "nodes": [{"id": n, "column": "otd".index(n[0]), "country": n[2:]} for n in names],
            "links": [
                {"source": a, "target": b, "value": v} for (a, b), v in sorted(links.items())
            ],
        }

    def segments(self) -> dict[tuple[str, str], float]:
        """Country-to-country legs with the amount crossing each (for the map)."""
        legs: dict[tuple[str, str], float] = {}
        for path, amount in self.amounts.items():
            for leg in path.segments():
                legs[leg] = legs.get(leg, 0.0) + amount
        return dict(sorted(legs.items(), key=lambda item: -item[1]))

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "unit": self.unit,
            "total": self.total(),
            "paths": self.path_table().records(),
            "sankey": self.sankey(),
            "segments": [{"from": a, "to": b, "value": v} for (a, b), v in self.segments().items()],
        }


def _ends(path: Path, which: str) -> Iterable[str]:
    if which == "origin":
        return (path.origin,)
    if which == "destination":
        return (path.destination,)
    if which == "transit":
        return path.transits or (DIRECT,)
    raise ValueError(f"unknown flow end {which!r}: origin, transit or destination")

"""How big a demo region is: the counts each size promises.

The generator adds clusters (networks, single cases, assisted victims) until every
promised count is reached, so the large region is guaranteed its millions of rows.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Size:
    name: str
    cases: int
    person_records: int
    pipeline_events: int
    # Weapons reported lost from storage, generated before any seizure.
    storage_losses: int
    # Farms, construction sites and depots added to the gazetteer's towns.
    sites_per_country: int


SIZES: dict[str, Size] = {
    size.name: size
    for size in (
        Size("tiny", 200, 1_000, 1_800, 4, 3),
        Size("small", 1_000, 5_000, 9_000, 12, 6),
        Size("medium", 20_000, 100_000, 180_000, 120, 20),
        Size("large", 200_000, 1_000_000, 2_000_000, 800, 60),
    )
}


def size_named(name: str) -> Size:
    try:
        return SIZES[name]
    except KeyError:
        raise ValueError(f"unknown demo size {name!r}; choose one of {', '.join(SIZES)}") from None

"""A query's encodings against the stored ones: hit or no hit, in score bands.

Only records the asker may not already see are compared (what she sees she can read),
and never her own organisation's.  A record's setting is read again at the moment of
asking, so a withdrawn consent or a changed choice takes effect before the next index.

Bands, by the Dice similarity of the name filters (thresholds calibrated by
``benchmarks/discovery.py`` on the demo's ground truth):

- ``certain``: an exact identifier matches (a document, or the full date of birth with
  the name's canonical key), or the names salted with the same whole date of birth
  have a Dice of at least ``CERTAIN``;
- ``probable``: a phone matches, or the names salted with the same year reach
  ``CERTAIN`` or ``PROBABLE`` (namesakes born in one year are common: never certain);
- ``possible``: Dice at least ``POSSIBLE`` there, or a name alone with no year on
  either side.

A query whose year of birth is one off the record's is matched through its neighbours'
salts, one band lower (a year is often misremembered, never silently equal).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sqlalchemy import Select, select, tuple_
from sqlalchemy.orm import Session

from amanat.access.visibility import Viewer, visible
from amanat.discovery.encoding import FOLDED_BYTES, Keys, dice, set_bits
from amanat.discovery.index import Subject, encode
from amanat.discovery.models import DiscoveryEncoding
from amanat.register import Person

# From the calibration half of the small demo (benchmarks/discovery.py): precision of a
# same-year name match is 0.994 from 0.82 up, 0.992 at 0.76-0.80, 0.981 at 0.72.
CERTAIN, PROBABLE, POSSIBLE = 0.86, 0.78, 0.72
BANDS = ("certain", "probable", "possible")
EXACT_BAND = {"document": "certain", "birth_name": "certain", "phone": "probable"}


@dataclass(frozen=True)
class Match:
    person_id: int
    org_id: int
    band: str


def band_of(score: float) -> str | None:
    for threshold, band in zip((CERTAIN, PROBABLE, POSSIBLE), BANDS, strict=True):
        if score >= threshold:
            return band
    return None


def _best(*bands: str | None) -> str | None:
    found = [b for b in bands if b is not None]
    return min(found, key=BANDS.index) if found else None


def _candidates(viewer: Viewer, keys: Keys) -> Select[int, int, bytes]:
    return (
        select(DiscoveryEncoding.person_id, DiscoveryEncoding.org_id, DiscoveryEncoding.value)
        .join(Person, Person.id == DiscoveryEncoding.person_id)
        .where(
            DiscoveryEncoding.key_id == keys.key_id,
            DiscoveryEncoding.org_id != viewer.org_id,
            Person.deleted_at.is_(None),
            ~visible(Person, viewer),
        )
    )


# How each kind of name filter is ranked: (bands lower, best band allowed), as indexes.
RANKING = {"name_dated": (0, 0), "name": (0, 1), "name_unsalted": (0, 2)}
Filter = tuple[bytes, int, int]


def query_filters(keys: Keys, query: Subject) -> dict[str, list[Filter]]:
    """The query's name filters by the kind of encoding they are compared with, each with
    its ranking (a neighbouring year's filter: one band lower)."""
    filters: dict[str, list[Filter]] = defaultdict(list)
    years = [None] if query.year is None else [query.year, query.year - 1, query.year + 1]
    for year in years:
        neighbour = year != query.year
        subject = query if not neighbour else Subject(names=query.names, year=year)
        for kind, value in encode(keys, subject, year if neighbour else None):
            if kind in RANKING:
                lower, best = RANKING[kind]
                filters[kind].append((value, lower + neighbour, max(best, neighbour)))
    return filters


def name_bands(wanted: list[Filter], matrix: npt.NDArray[np.uint8]) -> list[tuple[int, str]]:
    """(row, band) of each stored filter (a row of ``matrix``) the query's filters reach."""
    found: dict[int, str] = {}
    counts = set_bits(matrix)
    for value, lower, best in wanted:
        scores = dice(value, matrix, counts)
        for at in (int(i) for i in np.flatnonzero(scores >= POSSIBLE)):
            band = band_of(float(scores[at]))
            if band is None:
                continue
            rank = max(BANDS.index(band) + lower, best)
            if rank < len(BANDS):
                found[at] = _best(found.get(at), BANDS[rank]) or BANDS[rank]
    return sorted(found.items())


def _name_bands(
    session: Session, viewer: Viewer, keys: Keys, query: Subject
) -> dict[tuple[int, int], str]:
    """The band each candidate's name filter reaches against the query's filters."""
    found: dict[tuple[int, int], str] = {}
    for kind, wanted in query_filters(keys, query).items():
        rows = session.execute(
            _candidates(viewer, keys).where(DiscoveryEncoding.kind == kind)
        ).all()
        if not rows:
            continue
        matrix = np.frombuffer(b"".join(r.value for r in rows), dtype=np.uint8)
        for at, band in name_bands(wanted, matrix.reshape(len(rows), FOLDED_BYTES)):
            who = (rows[at].person_id, rows[at].org_id)
            found[who] = _best(found.get(who), band) or band
    return found


def _exact_bands(
    session: Session, viewer: Viewer, keys: Keys, query: Subject
) -> dict[tuple[int, int], str]:
    wanted = [(k, v) for k, v in encode(keys, query) if k in EXACT_BAND]
    if not wanted:
        return {}
    rows = session.execute(
        _candidates(viewer, keys)
        .add_columns(DiscoveryEncoding.kind)
        .where(tuple_(DiscoveryEncoding.kind, DiscoveryEncoding.value).in_(wanted))
    ).all()
    found: dict[tuple[int, int], str] = {}
    for row in rows:
        who = (row.person_id, row.org_id)
        found[who] = _best(found.get(who), EXACT_BAND[row.kind]) or EXACT_BAND[row.kind]
    return found


def matches(session: Session, viewer: Viewer, keys: Keys, query: Subject) -> list[Match]:
    """The records of others that the query hits, best band first."""
    names = _name_bands(session, viewer, keys, query) if query.names else {}
    exact = _exact_bands(session, viewer, keys, query)
    found = []
    for who in names.keys() | exact.keys():
        band = _best(names.get(who), exact.get(who))
        if band is not None:
            found.append(Match(who[0], who[1], band))
    return sorted(found, key=lambda m: (BANDS.index(m.band), m.org_id, m.person_id))

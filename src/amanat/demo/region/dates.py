"""Days of the demo region as ordinals, and their storage text.

Every date is drawn as a day ordinal (``date.toordinal()``) between the start of
the record and a fixed horizon, never from the clock, so that a seed always gives
the same register and no event lies in the future.
"""

from __future__ import annotations

import datetime as dt

# Records span 2012 to the horizon; the horizon is fixed so builds are reproducible.
START = dt.date(2012, 1, 1).toordinal()
HORIZON = dt.date(2025, 9, 30).toordinal()
HORIZON_YEAR = 2025
# Identity documents may expire up to ten years after the horizon.
_FIRST = dt.date(1990, 1, 1).toordinal()
_LAST = dt.date(2036, 12, 31).toordinal()
_TEXT = [dt.date.fromordinal(o).isoformat() for o in range(_FIRST, _LAST + 1)]
_YEAR = [int(text[:4]) for text in _TEXT]


def iso(day: int) -> str:
    """Storage text ("YYYY-MM-DD") of a day ordinal."""
    return _TEXT[day - _FIRST]


def year(day: int) -> int:
    return _YEAR[day - _FIRST]


def day_of(year_: int, month: int = 1, day: int = 1) -> int:
    return dt.date(year_, month, day).toordinal()

"""Each worker holds the name layer's caches small (``amanat.names.caches``): the
searches of a service that runs for months would otherwise fill them to the size
a linkage run wants, ~300 MiB a worker (issue 16's soak)."""

from __future__ import annotations

import asyncio
import contextlib

from amanat.names.caches import SERVED_ENTRIES, keep_small, name_caches

# How often: the caches grow by a few hundred entries a minute under load, so a
# bound is overshot by little; a look costs microseconds.
EVERY_SECONDS = 10.0


async def keep_name_caches_small(
    stop: asyncio.Event, every: float = EVERY_SECONDS, most: int = SERVED_ENTRIES
) -> None:
    """Until ``stop`` is set, empty every ``every`` seconds each name cache that has
    grown past ``most`` entries."""
    caches = name_caches()
    while not stop.is_set():
        keep_small(caches, most)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every)

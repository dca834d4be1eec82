"""The name layer's caches, held small in a process that lives for months.

The name functions cache their answers (``functools.lru_cache``, up to 262,144
entries each) because a linkage run meets the same few thousand words and pairs of
name parts a million times.  A served worker is different: each search compares the
name typed with its candidates' names, and nearly every pair of parts is met once.
There the caches only fill — an ``Agreement`` with its reason is ~600 bytes, a name's
parts ~1 KB — and a worker's resident memory grew up to ~4 MiB a minute under the
soak's mix (issue 16), on its way to an estimated ~300 MiB once every cache was full.

``keep_small`` empties any of them holding more than ``most`` entries.  Emptying,
not evicting: an ``lru_cache``'s bound is fixed when the function is defined, and the
same functions keep their large bound for linkage.  A cache emptied is refilled from
the memory it freed, so the worker's memory stays where it was.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import amanat.names

# Entries a served worker keeps per cache: enough for the names an office searches
# again and again, small in memory: 16,384 agreements are ~10 MiB, names' parts
# ~16 MiB, a cache of words ~4 MiB (a sixteenth of the linkage bound).
SERVED_ENTRIES = 16_384


def name_caches() -> list[Any]:
    """Every ``lru_cache`` of the name layer's modules, each once."""
    found: dict[int, Any] = {}
    for module in pkgutil.iter_modules(amanat.names.__path__, "amanat.names."):
        for value in vars(importlib.import_module(module.name)).values():
            if callable(getattr(value, "cache_info", None)) and hasattr(value, "cache_clear"):
                found[id(value)] = value
    return list(found.values())


def keep_small(caches: list[Any], most: int = SERVED_ENTRIES) -> int:
    """Empty each of ``caches`` holding more than ``most`` entries; return how many."""
    emptied = 0
    for cache in caches:
        if cache.cache_info().currsize > most:
            cache.cache_clear()
            emptied += 1
    return emptied

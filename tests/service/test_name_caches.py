"""Each worker's task that holds the name caches small runs until the app stops."""

from __future__ import annotations

import asyncio

from amanat.names import normalise
from amanat.service.name_caches import keep_name_caches_small


def test_the_task_empties_a_cache_past_its_bound_until_stopped() -> None:
    async def scenario() -> int:
        stop = asyncio.Event()
        task = asyncio.create_task(keep_name_caches_small(stop, every=0.01, most=5))
        await asyncio.sleep(0.05)
        for n in range(10):
            normalise(f"Каримова{n} Айгуль")
        filled = normalise.cache_info().currsize
        await asyncio.sleep(0.1)  # a look or more later
        assert normalise.cache_info().currsize == 0
        stop.set()
        await asyncio.wait_for(task, 1)
        return filled

    normalise.cache_clear()
    assert asyncio.run(scenario()) >= 10

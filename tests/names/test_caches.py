"""A served worker holds the name layer's caches under a bound (issue 16's soak:
filled to their linkage size they would take ~300 MiB a worker)."""

from __future__ import annotations

from amanat.names import normalise, phonetic_key
from amanat.names.agreement import agreement
from amanat.names.caches import keep_small, name_caches
from amanat.names.parts import name_parts


def test_every_cache_of_the_name_layer_is_found() -> None:
    found = name_caches()
    for cache in (agreement, name_parts, normalise, phonetic_key):
        assert any(cache is f for f in found)
    assert len({id(f) for f in found}) == len(found)


def test_a_cache_past_its_bound_is_emptied_and_the_others_kept() -> None:
    normalise.cache_clear()
    phonetic_key.cache_clear()
    for n in range(30):
        normalise(f"Асанов{n} Бакыт")
    phonetic_key("Асанов")
    assert keep_small(name_caches(), most=20) >= 1
    assert normalise.cache_info().currsize == 0
    assert phonetic_key.cache_info().currsize > 0
    assert keep_small([normalise, phonetic_key], most=20) == 0

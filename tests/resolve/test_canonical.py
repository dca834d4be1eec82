"""Entities from judgements: components, with walls no chain of merges crosses."""

from __future__ import annotations

from amanat.resolve.canonical import Components, cluster


def test_components_are_named_by_their_smallest_record() -> None:
    assert cluster([(5, 3)], [(3, 9), (20, 21)], []) == {3: 3, 5: 3, 9: 3, 20: 20, 21: 20}


def test_a_wall_stops_a_chain_of_likely_links() -> None:
    # 1 = 2 and 2 = 3 are likely, but an analyst said 1 and 3 differ
    entities = cluster([], [(1, 2), (2, 3)], [(1, 3)])
    assert entities == {1: 1, 2: 1}


def test_analysts_come_before_the_model() -> None:
    # the analyst tied 2 to 3 first, so the model's stronger 1 = 2 is the link refused
    entities = cluster([(2, 3)], [(1, 2)], [(1, 3)])
    assert entities == {2: 2, 3: 2}


def test_walls_move_with_their_component() -> None:
    components = Components([(1, 4)])
    assert components.join(1, 2)
    assert components.join(3, 4)
    assert not components.join(2, 3)  # 2 is with 1, 3 is with 4
    assert components.entities() == {1: 1, 2: 1, 3: 3, 4: 3}

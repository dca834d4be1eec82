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


def test_a_chain_through_a_record_that_says_little_does_not_join_two_namesakes() -> None:
    # 1 and 2 are one Mirlan Mamatov (born 1975), 3 and 4 another (born 1990); 5 is a
    # record with the name alone, likely against 2 and against 3, possible against 1.
    # Across the two groups every other pair is unlikely, so the chain 2 - 5 - 3 joins
    # only one side.
    scores = {(1, 2): 0.99, (3, 4): 0.99, (2, 5): 0.85, (3, 5): 0.84, (1, 5): 0.6,
              (1, 3): 0.01, (2, 4): 0.01, (1, 4): 0.01, (2, 3): 0.02}  # fmt: skip
    likely = sorted((p for p, s in scores.items() if s >= 0.8), key=lambda p: -scores[p])
    assert cluster([], likely, []) == dict.fromkeys((1, 2, 3, 4, 5), 1)  # components chain
    entities = cluster([], likely, [], scores)
    assert entities == {1: 1, 2: 1, 5: 1, 3: 3, 4: 3}


def test_pairs_never_scored_count_against_a_merge() -> None:
    # a group of three joined to a fourth record through one link; the two pairs never
    # scored count as unlikely and outweigh it
    scores = {(1, 2): 0.99, (2, 3): 0.99, (1, 3): 0.99, (3, 4): 0.81}
    likely = [(1, 2), (2, 3), (1, 3), (3, 4)]
    assert cluster([], likely, [], scores) == {1: 1, 2: 1, 3: 1}
    # scored and likely, they let it in
    scores |= {(1, 4): 0.7, (2, 4): 0.6}
    assert cluster([], likely, [], scores) == {1: 1, 2: 1, 3: 1, 4: 1}


def test_an_analysts_same_is_not_second_guessed() -> None:
    scores = {(1, 2): 0.01}
    assert cluster([(1, 2)], [], [], scores) == {1: 1, 2: 1}

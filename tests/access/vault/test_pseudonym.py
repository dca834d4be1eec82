"""Pseudonyms: format, stability, per-deployment keys, collision handling."""

from __future__ import annotations

import pytest

from amanat.access.vault import (
    PseudonymCollisionError,
    PseudonymRole,
    choose_pseudonym,
    derive_pseudonym_key,
    generate_master_key,
    is_pseudonym,
    pseudonym_candidates,
)

MASTER = generate_master_key()
KEY = derive_pseudonym_key(MASTER)


def test_format() -> None:
    candidates = pseudonym_candidates(KEY, PseudonymRole.VICTIM, "KZ", 123)
    assert [len(c) for c in candidates] == [9, 10, 11]
    assert all(is_pseudonym(c) and c.startswith("V-KZ-") for c in candidates)
    assert pseudonym_candidates(KEY, PseudonymRole.WITNESS, "UZ", 123)[0].startswith("W-UZ-")


def test_longer_candidates_extend_the_shorter_ones() -> None:
    short, middle, longest = pseudonym_candidates(KEY, PseudonymRole.VICTIM, "KG", 9)
    assert longest.startswith(middle) and middle.startswith(short)


def test_stable_for_the_same_record_and_key() -> None:
    again = derive_pseudonym_key(MASTER)
    for record_id in (1, 2, 123456, "case-7"):
        assert pseudonym_candidates(KEY, PseudonymRole.VICTIM, "KZ", record_id) == (
            pseudonym_candidates(again, PseudonymRole.VICTIM, "KZ", record_id)
        )


def test_another_deployment_gives_other_pseudonyms() -> None:
    other = derive_pseudonym_key(generate_master_key())
    ids = range(1, 51)
    ours = {pseudonym_candidates(KEY, PseudonymRole.VICTIM, "KZ", i)[-1] for i in ids}
    theirs = {pseudonym_candidates(other, PseudonymRole.VICTIM, "KZ", i)[-1] for i in ids}
    assert not ours & theirs


def test_codes_avoid_easily_misheard_letters_and_spread_well() -> None:
    codes = [pseudonym_candidates(KEY, PseudonymRole.VICTIM, "TJ", i)[-1][5:] for i in range(5000)]
    assert not set("".join(codes)) & set("ILOU")
    assert len(set(codes)) >= 4990  # 30 bits: a handful of collisions at most


def test_choose_takes_the_first_free_candidate() -> None:
    candidates = pseudonym_candidates(KEY, PseudonymRole.VICTIM, "KZ", 5)
    assert choose_pseudonym(candidates, lambda c: False) == candidates[0]
    assert choose_pseudonym(candidates, lambda c: c == candidates[0]) == candidates[1]
    with pytest.raises(PseudonymCollisionError):
        choose_pseudonym(candidates, lambda c: True)


@pytest.mark.parametrize("country", ["kz", "KAZ", "K", ""])
def test_country_must_be_an_alpha_2_code(country: str) -> None:
    with pytest.raises(ValueError):
        pseudonym_candidates(KEY, PseudonymRole.VICTIM, country, 1)


@pytest.mark.parametrize(
    "text", ["V-KZ-7F3", "X-KZ-7F3A", "V-KZ-7F3AB12", "V-KZ-7FIA", "v-kz-7f3a"]
)
def test_malformed_pseudonyms_are_rejected(text: str) -> None:
    assert not is_pseudonym(text)


def test_key_repr_hides_the_key() -> None:
    assert KEY.secret.hex() not in repr(KEY)

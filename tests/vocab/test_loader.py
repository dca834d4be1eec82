"""Loader behaviour beyond what the shipped files exercise.

YAML reads an empty value as None and a bare NO as False; the loader must reject
both rather than turn them into the text "None" or "False".
"""

from __future__ import annotations

import pytest

from amanat.vocab import VocabularyError, parse_vocabulary

SIX = "kk: Ә, ky: Ө, uz: Oʻ, tg: Ҷ"  # the four labels besides en and ru
HEADER = f"name: t\nlabel: {{en: Test, ru: Тест, {SIX}}}\nterms:\n"


def test_unknown_language_keys_are_kept_as_attributes() -> None:
    term = parse_vocabulary("t", HEADER + f"  a: {{en: A, ru: А, {SIX}, alpha3: AAA}}\n").term("a")
    assert dict(term.labels) == {"en": "A", "ru": "А", "kk": "Ә", "ky": "Ө", "uz": "Oʻ", "tg": "Ҷ"}
    assert dict(term.attrs) == {"alpha3": "AAA"}


def test_a_label_in_an_optional_language_falls_back_to_english() -> None:
    vocab = parse_vocabulary("t", HEADER + f"  a: {{en: A, ru: А, {SIX}}}\n")
    assert vocab.label("a", "tk") == "A"


def test_rank_needs_an_ordered_vocabulary() -> None:
    vocab = parse_vocabulary("t", HEADER + f"  a: {{en: A, ru: А, {SIX}}}\n")
    with pytest.raises(VocabularyError, match="not ordered"):
        vocab.rank("a")


def test_an_empty_russian_label_is_rejected() -> None:
    with pytest.raises(VocabularyError, match=r"t\.a\.ru: None is not text"):
        parse_vocabulary("t", HEADER + f"  a: {{en: A, ru: , {SIX}}}\n")


def test_a_code_that_yaml_reads_as_a_boolean_is_rejected() -> None:
    with pytest.raises(VocabularyError):
        parse_vocabulary("t", HEADER + f"  NO: {{en: Norway, ru: Норвегия, {SIX}}}\n")


def test_codes_equal_after_conversion_to_text_are_duplicates() -> None:
    with pytest.raises(VocabularyError):
        parse_vocabulary(
            "t", HEADER + f'  1: {{en: A, ru: А, {SIX}}}\n  "1": {{en: B, ru: Б, {SIX}}}\n'
        )

"""Properties that must hold for any text: symmetry, bounds, no crash."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from amanat.names.compare import compare_names
from amanat.names.cyrillic import to_cyrillic
from amanat.names.phonetic import phonetic_key
from amanat.names.transliterate import transliterate

LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіўҳӣӯҷјѕ" + "abcdefghijklmnopqrstuvwxyzʻ'’-. "
name_like = st.text(alphabet=LETTERS + LETTERS.upper(), max_size=40)
any_text = st.text(max_size=60)


@settings(max_examples=300, deadline=None)
@given(st.one_of(name_like, any_text), st.one_of(name_like, any_text))
def test_compare_is_symmetric_bounded_and_never_raises(a: str, b: str) -> None:
    forward, backward = compare_names(a, b), compare_names(b, a)
    assert forward.score == backward.score
    assert forward.decision is backward.decision
    assert 0.0 <= forward.score <= 1.0


@settings(max_examples=300, deadline=None)
@given(name_like)
def test_every_letter_of_the_region_gets_a_plain_key(text: str) -> None:
    assert re.fullmatch("[A-Z]*(?: [A-Z]+)*", phonetic_key(text))


@settings(max_examples=300, deadline=None)
@given(st.one_of(name_like, any_text))
def test_keys_and_transliteration_never_raise(text: str) -> None:
    key = phonetic_key(text)
    assert key == key.strip()
    transliterate(text)
    transliterate(text, "national")
    to_cyrillic(text)

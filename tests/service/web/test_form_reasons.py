"""A value a column refuses is said beside the field in the user's language."""

from __future__ import annotations

import pytest

from amanat.register.reasons import REASONS, Unfit
from amanat.service.web.form_reasons import SENTENCES, sentence

PARAMS = {"length": 5, "formats": "yyyy", "places": 2, "low": 1, "high": 9, "year": 1900}


def test_every_reason_of_the_register_has_a_sentence() -> None:
    assert set(SENTENCES) == set(REASONS)


@pytest.mark.parametrize("code", sorted(REASONS))
def test_each_sentence_reads_in_russian(code: str) -> None:
    refused = Unfit(code, **PARAMS, vocabulary="sex", text="is in the future")
    english, russian = sentence(refused, "en"), sentence(refused, "ru")
    assert english and russian != english
    assert "%(" not in russian and "{" not in russian
    assert not any(c.isascii() and c.isalpha() for c in russian), russian

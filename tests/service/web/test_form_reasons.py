"""A value a column refuses is said beside the field in the user's language, in the
words the register declares for its reason (no second list here)."""

from __future__ import annotations

import pytest

from amanat.register.reasons import REASONS, Unfit, said
from amanat.service.web.form_reasons import sentence

PARAMS = {"length": 5, "formats": "yyyy", "places": 2, "low": 1, "high": 9, "year": 1900}
PARAMS |= {"date": "2024-01-02", "form": "'B'", "role": "'r'", "ends": "a", "stage": "'s'"}


@pytest.mark.parametrize("code", sorted(REASONS))
def test_each_sentence_reads_in_russian(code: str) -> None:
    refused = Unfit(code, **PARAMS, vocabulary="sex", tlp="RED", text="is in the future")
    english, russian = sentence(refused, "en"), sentence(refused, "ru")
    assert english and russian != english
    assert "%(" not in russian and "{" not in russian
    if REASONS[code].asked is None:  # "Not accepted:" and the register's reason
        assert said(code, refused.params, "ru") in russian


def test_a_form_says_what_an_import_says_where_it_has_no_words_of_its_own() -> None:
    refused = Unfit("before_opened_on", date="2024-01-02")
    assert sentence(refused, "en") == "Not accepted: is before opened_on 2024-01-02"
    assert sentence(Unfit("too_long", length=5), "en") == "This is too long (at most 5 characters)."

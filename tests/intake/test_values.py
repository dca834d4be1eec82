"""Cells as agencies write them become register values, or a named problem."""

from __future__ import annotations

import pytest

from amanat.intake.lookups import Lookup
from amanat.intake.problems import LANGUAGES, Invalid, render
from amanat.register.reasons import REASONS


def test_vocabulary_values_by_code_label_alpha3_and_profile() -> None:
    country = Lookup("country", {})
    assert [country(v) for v in ("KZ", "Казахстан", "kaz", "Kazakhstan")] == ["KZ"] * 4
    sex = Lookup("sex", {"муж.": "male", "н/д": None})
    assert (sex("муж."), sex("Женский"), sex("н/д")) == ("male", "female", None)
    with pytest.raises(Invalid) as caught:
        sex("x")
    assert caught.value.code == "unknown_value"
    assert "«Пол» (sex)" in render(caught.value.code, caught.value.params, "ru")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("code", sorted(REASONS))
def test_every_reason_of_the_register_is_said_in_the_importers_language(
    code: str, lang: str
) -> None:
    params = {"length": 5, "formats": "yyyy", "places": 2, "low": 1, "high": 9, "year": 1900}
    said = render(code, {**params, "vocabulary": "sex", "text": "is odd"}, lang)
    assert said and "{" not in said
    if lang == "en" and code not in ("not_a_code",):
        # The same words as the API's (the import names the vocabulary by its label).
        assert said == REASONS[code].format(**params, vocabulary="sex", text="is odd")

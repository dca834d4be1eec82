"""Cells as agencies write them become register values, or a named problem."""

from __future__ import annotations

import pytest

from amanat.intake.lookups import Lookup
from amanat.intake.problems import MESSAGES, Invalid, render
from amanat.language import catalogues
from amanat.language.i18n import LANGUAGES
from amanat.register.reasons import REASONS, said


def test_vocabulary_values_by_code_label_alpha3_and_profile() -> None:
    country = Lookup("country", {})
    assert [country(v) for v in ("KZ", "Казахстан", "kaz", "Kazakhstan")] == ["KZ"] * 4
    sex = Lookup("sex", {"муж.": "male", "н/д": None})
    assert (sex("муж."), sex("Женский"), sex("н/д")) == ("male", "female", None)
    with pytest.raises(Invalid) as caught:
        sex("x")
    assert caught.value.code == "unknown_value"
    assert "«Пол» (sex)" in render(caught.value.code, caught.value.params, "ru")


PARAMS = {
    **{"length": 5, "formats": "yyyy", "places": 2, "low": 1, "high": 9, "year": 1900},
    **{"date": "2024-01-02", "form": "'Begging'", "role": "'victim'", "ends": "a, b"},
    **{"stage": "'arrested'", "tlp": "RED", "vocabulary": "sex", "text": "is odd"},
    **{"kind": "person", "first": 2, "limit": "1 MiB", "encoding": "cp1251", "byte": "0xff"},
    **{"line": 3, "sheet": "x", "sheets": "y", "file": "f", "missing": "m", "present": "p"},
    **{"heading": "h", "columns": "1, 2", "profile": "A", "user": "u", "actual": "B"},
    **{"field": "tlp", "reason": "negative", "params": {}},  # a marking refused
}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("code", sorted({*REASONS, *MESSAGES}))
def test_every_problem_is_said_in_the_importers_language(code: str, lang: str) -> None:
    told = render(code, PARAMS, lang)
    assert told and "%(" not in told
    if code in REASONS:
        # The same words as the API's (one declaration of each reason).
        assert told == said(code, PARAMS, lang)
    if lang == "ru" and code != "check":
        assert told != render(code, PARAMS, "en")


def test_no_code_is_declared_twice() -> None:
    """Each reason once: the register's in amanat.register.reasons, the import's own
    in amanat.intake.problems, never both."""
    assert not MESSAGES.keys() & REASONS.keys()


def test_every_problem_has_its_russian() -> None:
    missing = set(catalogues.missing_translations("ru"))
    words = {r.said for r in REASONS.values()} | set(MESSAGES.values())
    assert not (words & missing)

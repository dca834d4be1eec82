"""pydantic's messages by their type: every type a schema of ours can produce has its
words in every language, filled from ctx; English and unknown types are pydantic's."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Any, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

from amanat.language import i18n
from amanat.language.validation import COUNTED, MESSAGES, message

CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІіӢӣӮӯҲҳҶҷ]")


class Colour(StrEnum):
    red = "red"
    green = "green"


class Sample(BaseModel):
    model_config = ConfigDict(extra="forbid")

    count: int = Field(default=1, ge=1, lt=100)
    share: float = Field(default=0.5, gt=0, le=1)
    flag: bool = False
    day: dt.date = dt.date(2020, 1, 1)
    word: str = Field(default="ab", min_length=2, max_length=4)
    items: list[int] = Field(default=[1], min_length=1, max_length=2)
    kind: Literal["tip", "case"] = "tip"
    colour: Colour = Colour.red
    needed: str


BAD: list[tuple[dict[str, Any], str]] = [
    ({}, "missing"),
    ({"needed": "x", "other": 1}, "extra_forbidden"),
    ({"needed": "x", "count": "many"}, "int_parsing"),
    ({"needed": "x", "count": 1.5}, "int_from_float"),
    ({"needed": "x", "count": 0}, "greater_than_equal"),
    ({"needed": "x", "count": 1000}, "less_than"),
    ({"needed": "x", "share": 0}, "greater_than"),
    ({"needed": "x", "share": 2}, "less_than_equal"),
    ({"needed": "x", "share": "half"}, "float_parsing"),
    ({"needed": "x", "flag": "perhaps"}, "bool_parsing"),
    ({"needed": "x", "day": "2020-13-45"}, "date_from_datetime_parsing"),
    ({"needed": "x", "word": "a"}, "string_too_short"),
    ({"needed": "x", "word": "abcdef"}, "string_too_long"),
    ({"needed": 5}, "string_type"),
    ({"needed": "x", "items": []}, "too_short"),
    ({"needed": "x", "items": [1, 2, 3]}, "too_long"),
    ({"needed": "x", "items": 3}, "list_type"),
    ({"needed": "x", "kind": "other"}, "literal_error"),
    ({"needed": "x", "colour": "blue"}, "enum"),
]


def _error(data: dict[str, Any]) -> ErrorDetails:
    with pytest.raises(ValidationError) as raised:
        Sample.model_validate(data)
    [error] = raised.value.errors()
    return error


@pytest.mark.parametrize(("data", "kind"), BAD, ids=[kind for _, kind in BAD])
@pytest.mark.parametrize("lang", ["ru", "kk", "ky", "tg"])
def test_each_type_is_said_in_the_language(data: dict[str, Any], kind: str, lang: str) -> None:
    error = _error(data)
    assert error["type"] == kind
    assert message(error, "en") == error["msg"]
    said = message(error, lang)
    assert said != error["msg"] and CYRILLIC.search(said), said
    assert "{" not in said and "%(" not in said


def test_ctx_values_are_put_in_numbers_as_the_language_writes_them() -> None:
    assert (
        message(_error({"needed": "x", "count": 1000}), "ru") == "Значение должно быть меньше 100"
    )
    big = {"type": "less_than_equal", "msg": "Input should be less than or equal to 10000"}
    assert (
        message({**big, "ctx": {"le": 10000}}, "ru") == "Значение должно быть не больше 10\xa0000"
    )
    # The choices of a literal, without pydantic's English "or".
    said = message(_error({"needed": "x", "kind": "other"}), "uz")
    assert said == "Qiymat quyidagilardan biri boʻlishi kerak: 'tip', 'case'"


def test_a_count_picks_the_plural_form() -> None:
    short = {"type": "string_too_short", "msg": "String should have at least 1 character"}
    forms = [message({**short, "ctx": {"min_length": n}}, "ru") for n in (1, 2, 5)]
    assert forms == [
        "Строка должна содержать не менее 1 символа",
        "Строка должна содержать не менее 2 символов",
        "Строка должна содержать не менее 5 символов",
    ]


def test_an_unknown_type_or_an_unexpected_ctx_keeps_pydantics_english() -> None:
    assert message({"type": "url_syntax_violation", "msg": "Input violated"}, "ru") == (
        "Input violated"
    )
    assert message({"type": "greater_than", "msg": "Input should be", "ctx": {}}, "kk") == (
        "Input should be"
    )


def test_every_message_is_translated_in_every_language() -> None:
    for lang in ("ru", "kk", "ky", "uz", "tg"):
        catalogue = i18n.translations(lang)
        for msgid in MESSAGES.values():
            assert catalogue.gettext(msgid) != msgid, (lang, msgid)
        for (singular, plural), _count in COUNTED.values():
            assert catalogue.ngettext(singular, plural, 5) != plural, (lang, singular)

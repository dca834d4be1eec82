"""pydantic's own validation messages ("Field required", "Input should be a valid
integer") in Amanat's languages.

pydantic says them in English only.  An error's ``type`` and ``ctx`` are stable (its
``msg`` is not meant to be parsed), so each type we can meet has a msgid of our one
domain here, filled from ``ctx``; a count picks its plural form by the catalogue's
rule.  English stays as pydantic says it, and a type without a msgid here keeps
pydantic's English, as before.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from amanat.language.i18n import DEFAULT_LANGUAGE, N_, Nn_, gettext, ngettext, number_text
from amanat.language.refusal import said

# type -> msgid, filled with the error's ctx (every placeholder is a ctx key).
MESSAGES: dict[str, str] = {
    "missing": N_("Field required"),
    "extra_forbidden": N_("Extra inputs are not permitted"),
    "json_invalid": N_("Invalid JSON: %(error)s"),
    "json_type": N_("JSON input should be string, bytes or bytearray"),
    "value_error": N_("Value error, %(error)s"),
    "assertion_error": N_("Assertion failed, %(error)s"),
    "none_required": N_("Input should be None"),
    "string_type": N_("Input should be a valid string"),
    "string_unicode": N_(
        "Input should be a valid string, unable to parse raw data as a unicode string"
    ),
    "string_pattern_mismatch": N_("String should match pattern '%(pattern)s'"),
    "bool_type": N_("Input should be a valid boolean"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "int_type": N_("Input should be a valid integer"),
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_parsing_size": N_("Unable to parse input string as an integer, exceeded maximum size"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "float_type": N_("Input should be a valid number"),
    "float_parsing": N_("Input should be a valid number, unable to parse string as a number"),
    "finite_number": N_("Input should be a finite number"),
    "decimal_type": N_("Decimal input should be an integer, float, string or Decimal object"),
    "decimal_parsing": N_("Input should be a valid decimal"),
    "greater_than": N_("Input should be greater than %(gt)s"),
    "greater_than_equal": N_("Input should be greater than or equal to %(ge)s"),
    "less_than": N_("Input should be less than %(lt)s"),
    "less_than_equal": N_("Input should be less than or equal to %(le)s"),
    "multiple_of": N_("Input should be a multiple of %(multiple_of)s"),
    "literal_error": N_("Input should be %(expected)s"),
    "enum": N_("Input should be %(expected)s"),
    "date_type": N_("Input should be a valid date"),
    "date_parsing": N_("Input should be a valid date in the format YYYY-MM-DD, %(error)s"),
    "date_from_datetime_parsing": N_("Input should be a valid date or datetime, %(error)s"),
    "date_from_datetime_inexact": N_(
        "Datetimes provided to dates should have zero time - e.g. be exact dates"
    ),
    "date_past": N_("Date should be in the past"),
    "date_future": N_("Date should be in the future"),
    "datetime_type": N_("Input should be a valid datetime"),
    "datetime_parsing": N_("Input should be a valid datetime, %(error)s"),
    "datetime_from_date_parsing": N_("Input should be a valid datetime or date, %(error)s"),
    "datetime_past": N_("Input should be in the past"),
    "datetime_future": N_("Input should be in the future"),
    "timezone_naive": N_("Input should not have timezone info"),
    "timezone_aware": N_("Input should have timezone info"),
    "time_type": N_("Input should be a valid time"),
    "time_parsing": N_("Input should be in a valid time format, %(error)s"),
    "uuid_type": N_("UUID input should be a string, bytes or UUID object"),
    "uuid_parsing": N_("Input should be a valid UUID, %(error)s"),
    "list_type": N_("Input should be a valid list"),
    "tuple_type": N_("Input should be a valid tuple"),
    "set_type": N_("Input should be a valid set"),
    "dict_type": N_("Input should be a valid dictionary"),
    "model_type": N_("Input should be a valid dictionary or instance of %(class_name)s"),
    "model_attributes_type": N_(
        "Input should be a valid dictionary or object to extract fields from"
    ),
    "url_type": N_("URL input should be a string or URL"),
    "url_parsing": N_("Input should be a valid URL, %(error)s"),
    "url_scheme": N_("URL scheme should be %(expected_schemes)s"),
}
# type -> (singular, plural) and the ctx key whose number picks the form.
COUNTED: dict[str, tuple[tuple[str, str], str]] = {
    "string_too_short": (
        Nn_(
            "String should have at least %(min_length)s character",
            "String should have at least %(min_length)s characters",
        ),
        "min_length",
    ),
    "string_too_long": (
        Nn_(
            "String should have at most %(max_length)s character",
            "String should have at most %(max_length)s characters",
        ),
        "max_length",
    ),
    "too_short": (
        Nn_(
            "Should have at least %(min_length)s item after validation, not %(actual_length)s",
            "Should have at least %(min_length)s items after validation, not %(actual_length)s",
        ),
        "min_length",
    ),
    "too_long": (
        Nn_(
            "Should have at most %(max_length)s item after validation, not %(actual_length)s",
            "Should have at most %(max_length)s items after validation, not %(actual_length)s",
        ),
        "max_length",
    ),
    "decimal_max_digits": (
        Nn_(
            "Decimal input should have no more than %(max_digits)s digit in total",
            "Decimal input should have no more than %(max_digits)s digits in total",
        ),
        "max_digits",
    ),
    "decimal_max_places": (
        Nn_(
            "Decimal input should have no more than %(decimal_places)s decimal place",
            "Decimal input should have no more than %(decimal_places)s decimal places",
        ),
        "decimal_places",
    ),
    "decimal_whole_digits": (
        Nn_(
            "Decimal input should have no more than %(whole_digits)s digit before the "
            "decimal point",
            "Decimal input should have no more than %(whole_digits)s digits before the "
            "decimal point",
        ),
        "whole_digits",
    ),
}
# A literal's or an enum's choices, as pydantic lists them: 'a', 'b' or 'c'.
ONE_OF = N_("Input should be one of: %(choices)s")
QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'")
CHOICES = re.compile(r"^'(?:[^'\\]|\\.)*'(?:(?:, | or )'(?:[^'\\]|\\.)*')*$")


def message(error: Mapping[str, Any], lang: str) -> str:
    """The message of one pydantic error in ``lang``: English as pydantic said it."""
    english = str(error.get("msg", ""))
    kind = str(error.get("type", ""))
    ctx = dict(error.get("ctx") or {})
    if lang == DEFAULT_LANGUAGE:
        return english
    try:
        return _template(kind, ctx, lang) % _values(ctx, lang)
    except (KeyError, TypeError, ValueError):  # a type not here, or a ctx not as expected
        return english


def _template(kind: str, ctx: dict[str, Any], lang: str) -> str:
    if kind in COUNTED:
        (singular, plural), count = COUNTED[kind]
        return ngettext(lang, singular, plural, int(ctx[count]))
    if kind in ("literal_error", "enum") and CHOICES.match(str(ctx.get("expected", ""))):
        return gettext(lang, ONE_OF)
    return gettext(lang, MESSAGES[kind])


def _values(ctx: dict[str, Any], lang: str) -> dict[str, object]:
    # Numbers as the language writes them (pydantic's 0.0 is 0; 1000 is 1 000 in ru).
    values: dict[str, object] = {
        key: number_text(value, lang) if _number(value) else value for key, value in ctx.items()
    }
    error = ctx.get("error")
    if isinstance(error, BaseException):  # a validator's refusal, in its own words
        values["error"] = said(error, lang)
    # "'a', 'b' or 'c'": the choices, without the English "or".
    values["choices"] = ", ".join(QUOTED.findall(str(ctx.get("expected", ""))))
    return values


def _number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)

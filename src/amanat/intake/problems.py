"""What can be wrong with an imported file, and how it is said in English or Russian.

Problems carry a message code and parameters, not text: the same error is listed on
screen and in the CSV error report in the language of the person importing.  Reasons
raised by the register's own column checks arrive as English text and are translated
by the patterns in ``data/messages.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

LANGUAGES = ("en", "ru")


@cache
def _catalogue() -> dict[str, Any]:
    text = resources.files("amanat.intake").joinpath("data/messages.yaml").read_text("utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


@cache
def _check_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(c["en"]), c["ru"]) for c in _catalogue()["checks"])


def _translated_check(text: str, lang: str) -> str:
    if lang == "en":
        return text
    for pattern, russian in _check_patterns():
        found = pattern.match(text)
        if found:
            return russian.format(*found.groups())
    return text  # a reason with no translation yet is still better said in English


def _vocabulary_label(name: str, lang: str) -> str:
    from amanat.vocab import VocabularyError, vocabulary

    try:
        return f"«{vocabulary(name).labels.get(lang) or vocabulary(name).labels['en']}» ({name})"
    except VocabularyError:
        return name


def render(code: str, params: Mapping[str, object], lang: str = "en") -> str:
    """The message ``code`` with ``params`` filled in, in ``lang`` (English if unknown)."""
    entry = _catalogue()["messages"][code]
    template: str = entry.get(lang) or entry["en"]
    values = dict(params)
    if isinstance(values.get("vocabulary"), str):
        values["vocabulary"] = _vocabulary_label(str(values["vocabulary"]), lang)
    if code == "check" and isinstance(values.get("text"), str):
        values["text"] = _translated_check(str(values["text"]), lang)
    return template.format(**values)


class Invalid(ValueError):
    """A value that cannot be taken, as a message code and its parameters."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(render(code, params))


@dataclass(frozen=True)
class RowError:
    """One bad cell: where it is (row as numbered in the file, column heading), what it
    holds, and why it cannot be imported."""

    row: int
    column: str
    value: str
    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def reason(self, lang: str = "en") -> str:
        return render(self.code, self.params, lang)


class IntakeError(Exception):
    """The file or the profile cannot be imported at all; nothing was written."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(render(code, params))

    def message(self, lang: str = "en") -> str:
        return render(self.code, self.params, lang)


def shown_value(value: object, limit: int = 200) -> str:
    """A cell's value as it is listed in an error: text, cut short if very long."""
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"

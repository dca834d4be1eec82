"""Field labels in English and Russian, and the headings agencies use for them
(``data/fields.yaml``): headings of exported workbooks, and the guesses of
``--suggest-profile``."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from amanat.intake.values import lookup_key
from amanat.vocab import vocabulary


@cache
def _fields() -> dict[str, dict[str, dict[str, Any]]]:
    text = resources.files("amanat.intake").joinpath("data/fields.yaml").read_text("utf-8")
    loaded: dict[str, dict[str, dict[str, Any]]] = yaml.safe_load(text)
    return loaded


def entry(kind: str, field: str) -> dict[str, Any] | None:
    fields = _fields()
    return fields.get(kind, {}).get(field) or fields["common"].get(field)


def label(kind: str, field: str, lang: str = "en", vocabulary_name: str | None = None) -> str:
    """A heading for ``field`` of ``kind`` in ``lang``."""
    found = entry(kind, field)
    if found is not None:
        return str(found.get(lang) or found["en"])
    if vocabulary_name is not None and vocabulary_name != "country":
        return (
            vocabulary(vocabulary_name).labels.get(lang) or vocabulary(vocabulary_name).labels["en"]
        )
    return field.replace("_", " ").replace(".", ": ").capitalize()


@cache
def synonyms(kind: str) -> dict[str, str]:
    """Normalised heading → field, for the fields of ``kind`` (and common ones)."""
    found: dict[str, str] = {}
    for section in (kind, "common"):
        for field, spec in _fields().get(section, {}).items():
            for heading in [spec.get("en"), spec.get("ru"), *spec.get("also", [])]:
                if heading:
                    found.setdefault(lookup_key(heading), field)
    return found


def kinds_with_headings() -> list[str]:
    return [k for k in _fields() if k != "common"]

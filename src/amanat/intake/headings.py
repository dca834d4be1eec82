"""The headings agencies write for register fields (``data/fields.yaml``), in English
and Russian: what ``--suggest-profile`` recognises in a file.  What Amanat itself
calls a field is a msgid of ``amanat.register.labels``."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

from amanat.intake.values import lookup_key


@cache
def _fields() -> dict[str, dict[str, list[str]]]:
    text = resources.files("amanat.intake").joinpath("data/fields.yaml").read_text("utf-8")
    loaded: dict[str, dict[str, list[str]]] = yaml.safe_load(text)
    return loaded


@cache
def synonyms(kind: str) -> dict[str, str]:
    """Normalised heading → field, for the fields of ``kind`` (and common ones)."""
    found: dict[str, str] = {}
    for section in (kind, "common"):
        for field, headings in _fields().get(section, {}).items():
            for heading in headings:
                found.setdefault(lookup_key(heading), field)
    return found


def kinds_with_headings() -> list[str]:
    return [k for k in _fields() if k != "common"]

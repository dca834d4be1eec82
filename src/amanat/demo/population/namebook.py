"""Name data per origin, loaded once from ``amanat/demo/data/names_*.yaml``.

An *origin* is the naming tradition a person's name comes from; it is usually the
nationality, but a Kazakh citizen may carry a Russian name (see :mod:`.conventions`).
Cyrillic-script files list names as that country's documents write them. Latin-script files
(Turkish, Afghan) list each name as ``[canonical Latin, other Latin spellings..., Cyrillic
forms...]``; the loader tells the two apart by script.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from amanat.demo.population.alphabets import is_cyrillic, is_latin
from amanat.demo.population.mix import Mix, zipf_mix

ORIGINS = ("KZ", "KG", "UZ", "TJ", "TM", "RU", "AF", "TR")
_WORD = re.compile(r"^[^\W\d_]+(?:[ -][^\W\d_]+)*$")


class NameDataError(ValueError):
    """A names_*.yaml file is malformed."""


@dataclass(frozen=True)
class NameForms:
    """One name and the forms it is written in; for Cyrillic origins both are the name itself."""

    canonical: str
    cyrillic: tuple[str, ...]
    latin: tuple[str, ...]


@dataclass(frozen=True)
class NameBook:
    origin: str
    language: str
    script: str  # "Cyrl" or "Latn": the script of the origin's own documents
    family_form: str  # "derived": family names built from roots; "full": listed whole
    male: Mix[str]
    female: Mix[str]
    family_roots: Mix[str]
    forms: Mapping[str, NameForms]  # canonical -> forms, for every name in the book
    patronymic_exceptions: Mapping[str, tuple[str, str]]

    def given(self, sex: str) -> Mix[str]:
        return self.male if sex == "male" else self.female


@cache
def namebook(origin: str) -> NameBook:
    """The name book of ``origin`` (ISO 3166 alpha-2), parsed and validated once per process."""
    if origin not in ORIGINS:
        raise KeyError(f"no name data for {origin!r}; known: {', '.join(ORIGINS)}")
    source = resources.files("amanat.demo").joinpath("data", f"names_{origin.lower()}.yaml")
    return parse_namebook(yaml.safe_load(source.read_text(encoding="utf-8")), origin)


def parse_namebook(raw: Any, origin: str) -> NameBook:
    if not isinstance(raw, dict):
        raise NameDataError(f"{origin}: expected a mapping")
    if raw.get("nationality") != origin:
        raise NameDataError(f"{origin}: nationality is {raw.get('nationality')!r}")
    script = raw.get("script")
    if script not in ("Cyrl", "Latn"):
        raise NameDataError(f"{origin}: script must be Cyrl or Latn")
    family_form = raw.get("family_form")
    if family_form not in ("derived", "full"):
        raise NameDataError(f"{origin}: family_form must be derived or full")
    zipf = raw.get("zipf") or {}
    if not isinstance(zipf, dict):
        raise NameDataError(f"{origin}: zipf must map given/family to an exponent")
    exponents = {"male": zipf.get("given", 1.0), "female": zipf.get("given", 1.0)}
    exponents["family_roots"] = zipf.get("family", 1.0)
    forms: dict[str, NameForms] = {}
    lists: dict[str, list[str]] = {}
    for key in ("male", "female", "family_roots"):
        entries = raw.get(key)
        if not isinstance(entries, list) or not entries:
            raise NameDataError(f"{origin}: {key} must be a non-empty list")
        names = [_parse_entry(entry, script, f"{origin}.{key}") for entry in entries]
        canon = [n.canonical for n in names]
        if len(set(canon)) != len(canon):
            raise NameDataError(f"{origin}.{key}: duplicate names")
        forms.update((n.canonical, n) for n in names)
        lists[key] = canon
    exceptions: dict[str, tuple[str, str]] = {}
    for name, pair in (raw.get("patronymic_exceptions") or {}).items():
        if not (isinstance(pair, list) and len(pair) == 2):
            raise NameDataError(f"{origin}: patronymic exception {name!r} needs [male, female]")
        exceptions[str(name)] = (str(pair[0]), str(pair[1]))
    return NameBook(
        origin=origin,
        language=str(raw.get("language")),
        script=script,
        family_form=family_form,
        male=zipf_mix(lists["male"], float(exponents["male"])),
        female=zipf_mix(lists["female"], float(exponents["female"])),
        family_roots=zipf_mix(lists["family_roots"], float(exponents["family_roots"])),
        forms=forms,
        patronymic_exceptions=exceptions,
    )


def _parse_entry(entry: Any, script: str, where: str) -> NameForms:
    if script == "Cyrl":
        if not isinstance(entry, str) or not _WORD.match(entry) or not is_cyrillic(entry):
            raise NameDataError(f"{where}: {entry!r} is not a Cyrillic name")
        return NameForms(entry, (entry,), ())
    if not isinstance(entry, list) or not entry:
        raise NameDataError(f"{where}: {entry!r} should be [Latin, ..., Cyrillic, ...]")
    words = [str(item) for item in entry]
    for word in words:
        if not _WORD.match(word) or not (is_latin(word) or is_cyrillic(word)):
            raise NameDataError(f"{where}: {word!r} mixes scripts or is not a name")
    latin = tuple(w for w in words if is_latin(w))
    cyrillic = tuple(w for w in words if is_cyrillic(w))
    if not latin or words[0] != latin[0] or not cyrillic:
        raise NameDataError(f"{where}: {entry!r} needs a Latin name first and a Cyrillic form")
    return NameForms(latin[0], cyrillic, latin)

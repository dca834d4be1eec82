"""Part writers: one name part (given, family, patronymic) as one style and dialect write it.

A writer is specific to (style, dialect, origin, nationality) and caches every part it has
written: the demo region writes a million records from a few thousand distinct name parts.
A part may have several acceptable spellings (Mohammad / Muhammad); the writer keeps them
all and the record's random generator picks one.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from itertools import product

from amanat.demo.population.alphabets import native_form, russify
from amanat.demo.population.namebook import NameForms, namebook
from amanat.demo.population.transliteration import ascii_letters, romanize

Variants = tuple[str, ...]
Convert = Callable[[str], Variants]

# The first spelling of a part is the usual one; the others share the rest.
USUAL_SHARE = 0.6
_MARKS = re.compile(r"[’”'ʹʺ`·]")
# Russian clerks soften a Turkic л: Гүлнара → Гульнара, Әсел → Асель, Эмил → Эмиль,
# Дилноза → Дильноза; Султон keeps its hard л, so plain у/и + л are softened only word-initially.
_CONSONANT = "[бвгджзйклмнпрстфхцчшщқғңҳҷһ]"
_SOFT_L = re.compile(
    rf"(?<=[үөәұ])л(?={_CONSONANT}|\b)|(?<=\b[ГЗДгзд][уи])л(?={_CONSONANT})"
    r"|(?<=[^аеёиоуыэюя]е)л\b|(?<=[^аеёиоуыэюя]и)л\b"
)
_PASSPORT_OFFICES = frozenset({"KZ", "KG", "TJ"})


class PartWriter:
    __slots__ = ("_cache", "_convert")

    def __init__(self, convert: Convert) -> None:
        self._convert = convert
        self._cache: dict[str, Variants] = {}

    def write(self, rng: random.Random, part: str) -> str:
        found = self._cache.get(part)
        if found is None:
            found = self._cache[part] = self._convert(part)
        if len(found) == 1 or rng.random() < USUAL_SHARE:
            return found[0]
        return found[1 + int(rng.random() * (len(found) - 1))]


_WRITERS: dict[tuple[str, str, str, str], PartWriter] = {}


def part_writer(style: str, dialect: str, origin: str, nationality: str) -> PartWriter:
    key = (style, dialect, origin, nationality)
    writer = _WRITERS.get(key)
    if writer is None:
        if namebook(origin).script == "Latn":
            convert = _latin_origin(style, dialect, origin)
        else:
            convert = _cyrillic_origin(style, dialect, nationality)
        writer = _WRITERS[key] = PartWriter(convert)
    return writer


def russian_letters(text: str, dialect: str) -> str:
    """How a Russian-speaking clerk writes a Cyrillic name: no national letters."""
    if dialect == "soft":
        text = _SOFT_L.sub("ль", text.replace("ҷ", "ж").replace("Ҷ", "Ж"))
    text = russify(text)
    if dialect == "no_yo":  # ё is optional in Russian and often typed as е
        text = text.replace("ё", "е").replace("Ё", "Е")
    return text


def _one(function: Callable[[str], str]) -> Convert:
    return lambda text: (function(text),)


def _cyrillic_origin(style: str, dialect: str, nationality: str) -> Convert:
    def native(text: str) -> str:
        return native_form(text, nationality)

    if style == "native_cyrillic":
        return _one(native)
    if style == "russian_cyrillic":
        return _one(lambda text: russian_letters(text, dialect))
    if style == "icao":
        return _one(_passport_writer(dialect, nationality))
    if style == "bgn_pcgn":
        return _one(lambda text: romanize("bgn_pcgn", nationality, native(text)))
    if style == "gost":
        return _one(lambda text: romanize("gost", "", native(text)))
    if style == "informal_latin":
        return _one(lambda text: _MARKS.sub("", romanize(dialect, "", native(text))))
    if style == "uz_latin":
        apostrophe = dialect

        def uzbek(text: str) -> str:
            return romanize("uz_latin", "", native_form(text, "UZ")).replace("'", apostrophe)

        return _one(uzbek)
    if style == "kz_latin":
        return _one(lambda text: romanize("kz_latin", "", native_form(text, "KZ")))
    if style in ("tr_latin", "tm_latin"):
        return _one(lambda text: romanize(style, "", text))
    raise ValueError(f"unknown style {style!r}")


def _passport_writer(dialect: str, nationality: str) -> Callable[[str], str]:
    """The Latin line of a passport issued by ``nationality``."""
    if nationality == "UZ":
        return lambda text: ascii_letters(romanize("uz_latin", "", native_form(text, "UZ")))
    if nationality == "TM":
        return lambda text: ascii_letters(romanize("tm_latin", "", text))
    if nationality in _PASSPORT_OFFICES:
        return lambda text: ascii_letters(
            romanize("passport_cis", nationality, native_form(text, nationality))
        )
    scheme = "icao_mvd" if dialect == "mvd" else "icao_9303"  # older Russian passports: MVD
    return lambda text: ascii_letters(romanize(scheme, "", russify(text)))


def _latin_origin(style: str, dialect: str, origin: str) -> Convert:
    forms = namebook(origin).forms

    def convert(text: str) -> Variants:
        entry = forms.get(text)
        if entry is not None:
            return _dedupe(_forms_in_style(entry, style, dialect, origin))
        # Two given names (Mehmet Ali): each word on its own, every combination allowed.
        words = [forms.get(w) or NameForms(w, (w,), (w,)) for w in text.split(" ")]
        options = [_dedupe(_forms_in_style(w, style, dialect, origin)) for w in words]
        return tuple(" ".join(combination) for combination in product(*options))

    return convert


def _forms_in_style(entry: NameForms, style: str, dialect: str, origin: str) -> list[str]:
    if style in ("native_cyrillic", "russian_cyrillic"):
        return [russian_letters(c, dialect) for c in entry.cyrillic]
    if style in ("gost", "bgn_pcgn"):  # a CIS system romanising its own Cyrillic record
        return [romanize(style, "", c) for c in entry.cyrillic]
    if style == "icao":
        return [ascii_letters(entry.canonical)]
    if style == "informal_latin":
        return [ascii_letters(entry.canonical), *entry.latin] if origin == "TR" else [*entry.latin]
    if origin == "TR" and style != "tr_latin":  # copied from a passport, Turkish letters or not
        return [entry.canonical, ascii_letters(entry.canonical)]
    return [entry.canonical]


def _dedupe(variants: list[str]) -> Variants:
    return tuple(dict.fromkeys(v for v in variants if v))

"""Romanisation schemes: iuliia's rules for the Russian letters, ours for the national ones.

Each scheme is an iuliia ``TranslitSchema`` (its engine handles context: е → ye after vowels,
-ий → -y ...) whose rule tables we extend with the Kazakh, Kyrgyz, Uzbek and Tajik letters
and, for the national Latin alphabets (Uzbek, Kazakh 2021, Turkish, Turkmen), replace whole.
Results are cached per (scheme, text): names repeat, and the engine is slow.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from functools import cache, lru_cache
from typing import Any

import iuliia
from iuliia.schema import TranslitSchema

from amanat.demo.population.alphabets import NATIONAL_LETTERS, VOWELS

Rules = dict[str, dict[str, str]]
_RULE_KINDS = ("mapping", "prev_mapping", "next_mapping", "ending_mapping")
_NATIONAL_VOWELS = "".join(sorted(v for v in VOWELS if v in NATIONAL_LETTERS))

# How each scheme writes the national letters.
_BGN_NATIONAL: dict[str, dict[str, str]] = {
    "KZ": {"ә": "ä", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "ö", "ұ": "ū", "ү": "ü", "һ": "h",
           "і": "i"},
    "KG": {"ң": "ng", "ө": "ö", "ү": "ü"},
    "UZ": {"ў": "o‘", "қ": "q", "ғ": "g‘", "ҳ": "h"},
    "TJ": {"ғ": "gh", "ӣ": "ī", "қ": "q", "ӯ": "ū", "ҳ": "h", "ҷ": "j"},
}  # fmt: skip
# A letter from another country's alphabet (rare: native forms are taken first) falls back here.
_BGN_FALLBACK = (
    _BGN_NATIONAL["TJ"] | _BGN_NATIONAL["UZ"] | _BGN_NATIONAL["KG"] | _BGN_NATIONAL["KZ"]
)
# GOST 7.79-2000 system B marks national letters with a backtick after the base letter.
_GOST_NATIONAL = {
    "ә": "a`", "ғ": "g`", "қ": "q", "ң": "n`", "ө": "o`", "ұ": "u`", "ү": "u``", "һ": "h`",
    "і": "i`", "ў": "u`", "ҳ": "x`", "ҷ": "ch`", "ӣ": "i`", "ӯ": "u`",
}  # fmt: skip
# What CIS passport offices put in the Latin line: plain ASCII.
_PASSPORT_NATIONAL = {
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    "ў": "u", "ҳ": "h", "ҷ": "j", "ӣ": "i", "ӯ": "u",
}  # fmt: skip
_PASSPORT_TAJIK = _PASSPORT_NATIONAL | {"ғ": "gh", "қ": "q"}
# NGOs and the press: English-looking, two habits.
_ENGLISH_NATIONAL = _PASSPORT_NATIONAL | {"ң": "ng"}
_SIMPLE_NATIONAL = _PASSPORT_NATIONAL | {"ғ": "gh", "қ": "q", "ў": "o"}

_UZ_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "x", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "sh", "ъ": "'", "ы": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ў": "o'",
    "қ": "q", "ғ": "g'", "ҳ": "h",
    # Letters of the other alphabets, as an Uzbek clerk would render them.
    "ә": "a", "ң": "n", "ө": "o'", "ұ": "u", "ү": "u", "һ": "h", "і": "i", "ӣ": "i", "ӯ": "u",
    "ҷ": "j",
}  # fmt: skip
# Kazakh Latin alphabet of 2021.
_KZ_LATIN = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e", "ё": "io",
    "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
    "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "ū",
    "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "ç", "ш": "ş", "щ": "şş", "ъ": "",
    "ы": "y", "і": "ı", "ь": "", "э": "e", "ю": "iu", "я": "ia",
    # Letters of the other alphabets.
    "ў": "u", "ҳ": "h", "ӣ": "i", "ӯ": "u", "ҷ": "j",
}  # fmt: skip
_TR_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ç", "ш": "ş", "щ": "ş",
    "ъ": "", "ы": "ı", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ә": "e", "ғ": "ğ", "қ": "k",
    "ң": "n", "ө": "ö", "ұ": "u", "ү": "ü", "һ": "h", "і": "i", "ў": "ö", "ҳ": "h", "ӣ": "i",
    "ӯ": "u", "ҷ": "c",
}  # fmt: skip
_TM_LATIN = {
    "а": "a", "б": "b", "в": "w", "г": "g", "д": "d", "е": "e", "ё": "ýo", "ж": "j", "з": "z",
    "и": "i", "й": "ý", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ç", "ш": "ş", "щ": "şç",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "ýu", "я": "ýa", "ә": "ä", "ғ": "g", "қ": "k",
    "ң": "ň", "ө": "ö", "ұ": "u", "ү": "ü", "һ": "h", "і": "i", "ў": "ö", "ҳ": "h", "ӣ": "i",
    "ӯ": "u", "ҷ": "j",
}  # fmt: skip


def _iuliia_rules(schema: Any) -> Rules:
    """The rule tables of one of iuliia's bundled schemes."""
    with open(schema.path, encoding="utf-8") as source:
        definition = json.load(source)
    return {kind: dict(definition.get(kind) or {}) for kind in _RULE_KINDS}


def _rules(mapping: Mapping[str, str]) -> Rules:
    return {"mapping": dict(mapping), "prev_mapping": {}, "next_mapping": {}, "ending_mapping": {}}


def _with(rules: Rules, **extra: Mapping[str, str]) -> Rules:
    return {kind: rules[kind] | dict(extra.get(kind, {})) for kind in _RULE_KINDS}


def _ye_after_vowels(ye: str, at_start: bool) -> dict[str, str]:
    rules = {v + "е": ye for v in VOWELS | {"ъ", "ь"}}
    return rules | ({"е": ye} if at_start else {})


# дж is one sound: j (English habit), c (Turkish).
def _dzh(letter: str) -> dict[str, dict[str, str]]:
    return {"prev_mapping": {"дж": letter}, "next_mapping": {"дж": ""}}


def _replace_in_values(rules: Rules, old: str, new: str) -> Rules:
    # iuliia's BGN/PCGN table writes ë as a Cyrillic ё; passports write yo.
    return {
        kind: {k: v.replace(old, new) for k, v in table.items()} for kind, table in rules.items()
    }


def _national_ye(ye: str) -> dict[str, str]:
    return {v + "е": ye for v in _NATIONAL_VOWELS}


def _build_rules(name: str, nationality: str) -> Rules:
    if name == "icao_9303":
        return _with(_iuliia_rules(iuliia.ICAO_DOC_9303), mapping=_PASSPORT_NATIONAL)
    if name == "icao_mvd":
        return _with(_iuliia_rules(iuliia.MVD_782), mapping=_PASSPORT_NATIONAL)
    if name == "passport_cis":
        national = _PASSPORT_TAJIK if nationality == "TJ" else _PASSPORT_NATIONAL
        base = _with(_iuliia_rules(iuliia.BGN_PCGN), mapping={"ъ": "", "ь": ""})
        base = _with(_replace_in_values(base, "ё", "o"), mapping={"ё": "yo"})
        return _with(base, mapping=national, prev_mapping=_national_ye("ye"))
    if name == "bgn_pcgn":
        national = _BGN_FALLBACK | _BGN_NATIONAL.get(nationality, {})
        base = _replace_in_values(_iuliia_rules(iuliia.BGN_PCGN), "ё", "ë")
        return _with(base, mapping=national | {"ё": "ë"}, prev_mapping=_national_ye("ye"))
    if name == "gost":
        return _with(_iuliia_rules(iuliia.GOST_779_ALT), mapping=_GOST_NATIONAL)
    if name == "english":
        base = _with(_iuliia_rules(iuliia.WIKIPEDIA), **_dzh("j"))
        return _with(base, mapping=_ENGLISH_NATIONAL, prev_mapping=_national_ye("ye"))
    if name == "simple":
        base = _iuliia_rules(iuliia.WIKIPEDIA)
        base["prev_mapping"].pop("е", None)  # Erlan, not Yerlan
        return _with(base, mapping=_SIMPLE_NATIONAL | {"х": "h"}, **_dzh("j"))
    if name == "english_mvd":
        return _with(_iuliia_rules(iuliia.MVD_782), mapping=_ENGLISH_NATIONAL)
    if name == "uz_latin":
        return _with(_rules(_UZ_LATIN), prev_mapping=_ye_after_vowels("ye", at_start=True))
    if name == "kz_latin":
        return _rules(_KZ_LATIN)
    if name == "tr_latin":
        rules = _with(_rules(_TR_LATIN), prev_mapping=_ye_after_vowels("ye", at_start=False))
        return _with(rules, **_dzh("c"))
    if name == "tm_latin":
        rules = _with(_rules(_TM_LATIN), prev_mapping=_ye_after_vowels("ýe", at_start=False))
        return _with(rules, **_dzh("j"))
    raise KeyError(f"unknown romanisation scheme {name!r}")


# Capitals that str.capitalize() gets wrong for Turkic Latin alphabets (i → İ, not I).
_DOTTED_CAPITALS = {"tr_latin": {"И": "İ", "І": "İ", "Ӣ": "İ"}, "kz_latin": {"И": "İ", "Й": "İ"}}


@cache
def scheme(name: str, nationality: str = "") -> Any:
    """The compiled scheme ``name`` (with ``nationality``'s national letters where they differ)."""
    rules = _build_rules(name, nationality)
    compiled = TranslitSchema(
        name=f"amanat_{name}",
        mapping=rules["mapping"],
        prev_mapping=rules["prev_mapping"],
        next_mapping=rules["next_mapping"],
        ending_mapping=rules["ending_mapping"],
    )
    compiled.map.update(_DOTTED_CAPITALS.get(name, {}))
    return compiled


_WORD = re.compile(r"[^\s-]+")


def _recase(source: str, output: str) -> str:
    """Capitalise each output word whose source word was capitalised.

    iuliia lowercases a letter whose value comes from a two-letter rule (Дж → j), so the
    first letter of such a word is restored here.
    """
    sources = _WORD.findall(source)
    words = _WORD.findall(output)
    if len(sources) != len(words):
        return output
    pieces = iter(
        w[:1].upper() + w[1:] if s[:1].isupper() else w for s, w in zip(sources, words, strict=True)
    )
    return _WORD.sub(lambda _: next(pieces), output)


@lru_cache(maxsize=200_000)
def romanize(name: str, nationality: str, text: str) -> str:
    """``text`` (Cyrillic) in scheme ``name``; cached because names repeat a great deal."""
    return _recase(text, str(scheme(name, nationality).translate(text)))


_ASCII_NAME = re.compile(r"[^A-Za-z -]")


def ascii_letters(text: str) -> str:
    """Only A-Z, space and hyphen, as in a machine-readable passport line."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ı", "i").replace("İ", "I"))
    return " ".join(_ASCII_NAME.sub("", decomposed).split())

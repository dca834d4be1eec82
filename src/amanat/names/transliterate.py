"""Cyrillic names in Latin letters, by the schemes documents really use.

Russian letters go through iuliia: ICAO Doc 9303 (passports since 2013), MVD 782 (passports
2000–2010), MVD 310 and its French form (the 1997 passport scheme), BGN/PCGN, GOST 7.79
system A (which is ISO 9:1995), UNGEGN 1987 and Wikipedia.  iuliia knows no Kazakh, Kyrgyz,
Uzbek or Tajik letters, so only those are written here: each scheme's letters for
ә ғ қ ң ө ұ ү һ і ў ҳ ӣ ӯ ҷ, substituted before iuliia runs; and the two national Latin
alphabets, which replace the whole alphabet (Uzbek Latin of 1995; Kazakh Latin of 2021), as
tables.  (iuliia's own ``uz`` schema lacks the official "ye" for е at the start of a word and
after a vowel, which Uzbek passports write: Oʻrinboyev, not Oʻrinboev.)  Latin back to
Cyrillic is in ``cyrillic``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, Literal, get_args

import iuliia

from amanat.names.normalise import normalise

Language = Literal["ru", "kk", "ky", "uz", "tg"]
Scheme = Literal[
    "icao",
    "bgn_pcgn",
    "gost_779",
    "mvd_310",
    "mvd_310_fr",
    "mvd_782",
    "ungegn_1987",
    "wikipedia",
    "national",
]
LANGUAGES: tuple[Language, ...] = get_args(Language)
SCHEMES: tuple[Scheme, ...] = get_args(Scheme)

_IULIIA: dict[Scheme, Any] = {
    "icao": iuliia.ICAO_DOC_9303,
    "bgn_pcgn": iuliia.BGN_PCGN,
    "gost_779": iuliia.GOST_779,
    "mvd_310": iuliia.MVD_310,
    "mvd_310_fr": iuliia.MVD_310_FR,
    "mvd_782": iuliia.MVD_782,
    "ungegn_1987": iuliia.UNGEGN_1987,
    "wikipedia": iuliia.WIKIPEDIA,
}
# How a reason names each scheme.
SCHEME_NAMES: dict[Scheme, str] = {
    "icao": "ICAO Doc 9303",
    "bgn_pcgn": "BGN/PCGN",
    "gost_779": "GOST 7.79 (ISO 9)",
    "mvd_310": "MVD 310",
    "mvd_310_fr": "MVD 310 (French)",
    "mvd_782": "MVD 782",
    "ungegn_1987": "UNGEGN 1987",
    "wikipedia": "Wikipedia",
    "national": "the national Latin alphabet",
}
# The iuliia schema behind each scheme (``national`` reads the Russian letters as BGN/PCGN).
IULIIA_SCHEMES: dict[Scheme, str] = {scheme: schema.name for scheme, schema in _IULIIA.items()}
# Letters by which a text shows its language, most specific first.  қ and ғ are Kazakh and
# Uzbek, ң ө ү Kazakh and Kyrgyz: a text with only қ ғ is taken as Kazakh, one with only
# ң ө ү as Kyrgyz; pass the language when it is known.
_MARKERS: tuple[tuple[Language, str], ...] = (
    ("tg", "ҷӣӯ"),
    ("uz", "ўҳ"),
    ("kk", "әғқұһі"),
    ("ky", "ңөү"),
)
# Passport practice and ICAO-like schemes: the plain Latin letter.
_PLAIN = dict(
    zip(
        "әғқңөұүһіўҳӣӯҷ",
        ["a", "g", "k", "n", "o", "u", "u", "h", "i", "u", "h", "i", "u", "j"],
        strict=True,
    )
)
_BGN = {
    "kk": {"ә": "ä", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "ö", "ұ": "ū", "ү": "ü", "һ": "h",
           "і": "ī"},
    "ky": {"ң": "ng", "ө": "ö", "ү": "ü"},
    "uz": {"ў": "ŭ", "қ": "q", "ғ": "gh", "ҳ": "h"},
    "tg": {"ғ": "gh", "ӣ": "ī", "қ": "q", "ӯ": "ū", "ҳ": "ḩ", "ҷ": "j"},
}  # fmt: skip
# ISO 9 (GOST 7.79 system A) letters for the non-Russian Cyrillic.
_GOST = {"ә": "ä", "ғ": "ġ", "қ": "ķ", "ң": "ṇ", "ө": "ô", "ұ": "ū", "ү": "ù", "һ": "ḥ", "і": "ì",
         "ў": "ǔ", "ҳ": "ḩ", "ҷ": "ç", "ӣ": "ī", "ӯ": "ū", "ё": "ë"}  # fmt: skip

_UZBEK = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "x", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "sh", "ъ": "ʼ", "ы": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ў": "oʻ",
    "қ": "q", "ғ": "gʻ", "ҳ": "h",
}  # fmt: skip
_KAZAKH = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e", "ё": "io",
    "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
    "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "ū",
    "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "ç", "ш": "ş", "щ": "şş", "ъ": "",
    "ы": "y", "і": "ı", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip
_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_VOWELS = set("аеёиоуыэюяәөұүіўӣӯ")
_WORD = re.compile(r"[^\W\d_]+(?:['ʻʼ’][^\W\d_]+)*")


def guess_language(text: str) -> Language:
    """The language whose letters the text uses; Russian when it uses only Russian ones."""
    lower = text.lower()
    for language, letters in _MARKERS:
        if any(c in lower for c in letters):
            return language
    return "ru"


def _recase(source: str, latin: str) -> str:
    if len(source) > 1 and source.isupper():
        return latin.upper()
    return latin[:1].upper() + latin[1:] if source[:1].isupper() else latin


def _by_table(word: str, table: dict[str, str], ye_after_vowel: bool) -> str:
    """One word through a full-alphabet table.

    Uzbek Latin writes е as "ye" at the start of a word and after a vowel or a sign.
    """
    out: list[str] = []
    previous = ""
    for char in word.lower():
        latin = table.get(char, char)
        if (
            ye_after_vowel
            and char == "е"
            and (not previous or previous in _VOWELS or previous in "ъь")
        ):
            latin = "ye"
        out.append(latin)
        previous = char
    return _recase(word, "".join(out))


def _regional(language: Language, scheme: Scheme) -> dict[str, str]:
    if scheme in ("gost_779", "ungegn_1987"):  # the scholarly schemes: ISO 9 letters
        return _GOST
    if scheme in ("bgn_pcgn", "national"):
        return {**_PLAIN, **_BGN["kk"], **_BGN["uz"], **_BGN["tg"], **_BGN.get(language, {})}
    return _PLAIN


# Letters of the other languages, met in a national-alphabet text, get their BGN/PCGN form.
_UZBEK_ALL = _regional("uz", "bgn_pcgn") | _UZBEK
_KAZAKH_ALL = _regional("kk", "bgn_pcgn") | _KAZAKH


def _by_iuliia(word: str, language: Language, scheme: Scheme) -> str:
    if not _CYRILLIC.search(word):
        return word
    regional = _regional(language, scheme)
    lower = "".join(regional.get(c, c) for c in word.lower())
    latin = _IULIIA["bgn_pcgn" if scheme == "national" else scheme].translate(lower)
    # iuliia writes some letters decomposed (z + combining caron); records hold them composed
    return _recase(word, unicodedata.normalize("NFC", latin.replace("ё", "ë")))


def transliterate(text: str, scheme: Scheme = "icao", language: Language | None = None) -> str:
    """Write Cyrillic text in Latin letters by a scheme; Latin text passes through.

    ``national`` is the national Latin alphabet: Uzbek Latin for uz, Kazakh Latin (2021)
    for kk, BGN/PCGN for ky and tg (no national Latin in use), ICAO for ru.  The language is
    guessed from the letters when not given.

    >>> transliterate("Ўринбоев", "national")
    'Oʻrinboyev'
    >>> transliterate("ЖАҢАБЕК")
    'ZHANABEK'
    """
    return _transliterate(text, scheme, language)


@lru_cache(maxsize=65536)  # behind a typed wrapper: lru_cache hides the Literal parameters
def _transliterate(text: str, scheme: Scheme, language: Language | None) -> str:
    if scheme not in SCHEMES:
        raise ValueError(f"unknown transliteration scheme {scheme!r}; use one of {SCHEMES}")
    lang = language or guess_language(text)
    if scheme == "national" and lang == "ru":
        scheme = "icao"
    if scheme == "national" and lang in ("uz", "kk"):
        table, ye_rule = (_UZBEK_ALL, True) if lang == "uz" else (_KAZAKH_ALL, False)
        return _WORD.sub(lambda m: _by_table(m.group(), table, ye_rule), text)
    return _WORD.sub(lambda m: _by_iuliia(m.group(), lang, scheme), text)


@lru_cache(maxsize=65536)
def _readings(cyrillic: str) -> dict[str, Scheme]:
    """Every scheme's Latin form of a Cyrillic text, normalised, with the first scheme
    that writes it."""
    found: dict[str, Scheme] = {}
    for scheme in SCHEMES:
        found.setdefault(normalise(_transliterate(cyrillic, scheme, None)), scheme)
    return found


def written_as(cyrillic: str, latin: str) -> Scheme | None:
    """The scheme by which ``latin`` is exactly ``cyrillic`` in Latin letters, if one is.

    Compared as ``normalise`` writes them: case, apostrophe marks and spacing aside.
    Some schemes write what others read differently (French ch is ш, English ch is ч;
    UNGEGN and ISO 9 write й as j, where Uzbek and Kazakh Latin write ж), so no single
    phonetic key can hold them all; an exact reading can.

    >>> written_as("Щеглова", "Chtcheglova")
    'mvd_310_fr'
    >>> written_as("Яна", "Janna") is None
    True
    """
    return read_as(cyrillic, normalise(latin))


def read_as(cyrillic: str, latin: str) -> Scheme | None:
    """``written_as`` for a Latin text already normalised (no lookup but the reading's)."""
    return _readings(cyrillic).get(latin)

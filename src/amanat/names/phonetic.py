"""A phonetic key that is the same for the spellings one Central Asian name really takes.

Джуманбеков, Dzhumanbekov, Jumanbekov and Zhumanbekov get one key; so do Ўринбоев,
O'rinboyev and Urinbaev.  Soundex, Metaphone and their kin are built for English or German
spelling and fold the wrong things (they drop vowels that tell Aliev from Aliyeva and keep
the dzh/j/zh split that matters here), hence this hand-written fold.  It runs in four steps:

1. ``normalise`` (one script per word, lower case, no noise);
2. one translation table writes every Cyrillic letter of Russian, Kazakh, Kyrgyz, Uzbek and
   Tajik, and the Latin letters with diacritics of the national alphabets and of ISO 9,
   as plain ASCII (ж→zh, ғ→gh, қ→q, ў→u, ş→sh, ä→a ...);
3. folds of what spellings disagree on: dzh/dj/zh/j, kh/h/x, q/k, gh/g', sh/shch/ş, c/ts,
   o' (Uzbek ў) and u, ng and n (Kazakh ң), y and i, the glide i before a vowel at the start of
   a word or after a vowel (ye/e, yo/io/ё, yu/iu, ya/ia, iy/ii/y), ё written е after a
   consonant (Фёдор/Федор), Sergej/Sergei, doubled letters, the signs ь and ъ however
   written (' ʹ ʺ " ’, or nothing), and the glide they or и, ы leave before -ев/-ева
   (Васильев: Vasilev, Vasil'yev, Vasilyev, Vasiliev, Vasiljev);
4. o→a: Uzbek and Tajik write o where the Russian form of the same name has a
   (Rahmonov/Рахманов, Urinboev/Уринбаев).

The key is upper-case ASCII (other scripts pass through), one word per name part, in the
order given.  Keys are for blocking and for "same key" evidence; string similarity on keys
does the rest.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from amanat.names.normalise import normalise

# The version of the key.  Raise it with every change that gives any name another key:
# registers store keys (``amanat.register.name_key``), and a search refuses keys of another
# version until ``amanat names rekey`` rebuilds them.  tests/names/key_snapshot.tsv holds
# the keys of this version; a test fails when they change and this number does not.
# 1: the key before versions were kept; 2: ң is n, yë is ë, the glide of -ьев/-иев/-ыев
# goes (Vasilyev, Vasiliev, Vasilev are one), jj is й.
KEY_VERSION = 2

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "io", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu",
    "я": "ia", "є": "ie", "ї": "i", "ґ": "g",
    # Kazakh, Kyrgyz, Uzbek, Tajik
    "ә": "a", "ғ": "gh", "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h",
    "і": "i", "ў": "u", "ҳ": "h", "ӣ": "i", "ӯ": "u", "ҷ": "dzh", "ҡ": "q", "ӊ": "ng",
    # look-alikes of Latin letters that homoglyph repair may leave in a word
    "ј": "j", "ѕ": "s", "ԛ": "q", "ԝ": "w",
}  # fmt: skip
_LATIN = {
    "ä": "a", "ö": "o", "ü": "u", "ū": "u", "ı": "i", "ī": "i", "ì": "i", "ğ": "gh",
    "ġ": "gh", "ş": "sh", "ș": "sh", "ç": "ch", "ñ": "ng", "ṇ": "ng", "ž": "zh", "š": "sh",
    "č": "ch", "ŝ": "sh", "ĵ": "j", "ý": "y", "ŭ": "u", "ǔ": "u", "ḩ": "h", "ḥ": "h",
    "ķ": "q", "ô": "o", "ß": "ss", "ə": "a", "ë": "io", "â": "ia", "û": "iu", "ǵ": "g",
}  # fmt: skip
_TABLE = str.maketrans(_CYRILLIC | _LATIN)

# Ordered plain replacements (str.replace is the fastest fold there is).
_REPLACE = (
    ("o'", "u"), ("g'", "g"), ("'", ""), ("jj", "y"),
    ("shch", "sh"), ("sch", "sh"), ("dzh", "J"), ("dj", "J"), ("zh", "J"),
    ("kh", "h"), ("x", "h"), ("gh", "g"), ("q", "k"), ("ck", "k"), ("w", "v"), ("ng", "n"),
)  # fmt: skip
# ь and е (or ъ, ы, и and е) before the family or patronymic ending: Васильев is Vasilev
# (ICAO), Vasil'yev (BGN/PCGN), Vasilyev (MVD 310), Vasiliev (French), Vasiljev; no letter
# tells which the Latin meant, so the glide goes, whatever wrote it.  Not after a stem of
# two letters: Алиев (Aliev, Aliyev) keeps its i, and its -ев stays a family ending.
_GLIDE_ENDING = re.compile(r"(?<=[a-z]{2}[bcdfghklmnprstvz])[iyj]{1,2}(?=ev(?:a|ich|na)?$)")
_J_AS_Y = re.compile(r"(?<=[aeiouy])j(?![aeiouy])")  # Sergej, Majkl: j written for й
_C_AS_TS = re.compile(r"c(?!h)")
_DOUBLE = re.compile(r"(\w)\1+")
_GLIDE = re.compile(r"(?:^|(?<=[aeiou]))i(?=[aeou])")
# ё after a consonant (or и) is written е as often as ё: Фёдор/Федор/Fyodor, Семён/Семен,
# Латифиён/Латифиен.  At the start of a word ё stays a glide (Ёқубов ~ Якубов, not Эркин).
_YO = re.compile(r"(?<=[bcdfghjklmnprstvzi])io")
_MUHAMMAD = re.compile(r"^M[AU]HAM[AE]D")


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=262144)
def phonetic_key(name: str) -> str:
    """The folded key of a name: one upper-case word per part of the name.

    >>> phonetic_key("Джуманбеков Ерлан")
    'JUMANBEKAV ERLAN'
    >>> phonetic_key("O'rinboyev") == phonetic_key("Urinbaev") == phonetic_key("Ўринбоев")
    True
    """
    # Words repeat far more than whole names (a million records hold a few thousand given
    # names), so the fold is cached per word.
    return " ".join([key for word in normalise(name).split() if (key := _word_key(word))])


@lru_cache(maxsize=262144)
def _word_key(word: str) -> str:
    if "yë" in word:  # BGN/PCGN writes ё as yë at the start and after a vowel or a sign
        word = word.replace("yë", "ë")
    text = word.translate(_TABLE)
    if not text.isascii():
        text = _strip_marks(text)
    for old, new in _REPLACE:
        if old in text:
            text = text.replace(old, new)
    # -ovic, -evic: the patronymic -ovich with ç/č written without its mark (Turkmen
    # Orazgeldiýewiç typed as Orazgeldiyewic)
    if text.endswith("vic"):
        text += "h"
    if "ev" in text:
        text = _GLIDE_ENDING.sub("", text)
    if "j" in text:
        text = _J_AS_Y.sub("i", text)
    if "c" in text:
        text = _C_AS_TS.sub("ts", text)
    text = text.replace("J", "j").replace("y", "i")
    if "io" in text:
        text = _YO.sub("e", text)
    text = _DOUBLE.sub(r"\1", text)
    text = _GLIDE.sub("", text)
    # Arabic names ending in -ullah ("of God": Abdullah, Najibullah, Samiullah) are written
    # -улла in Russian, -ullah in Latin: the final h is not heard.
    if text.endswith("lah"):
        text = text[:-1]
    if text.endswith("zade"):
        text = text[:-4] + "zoda"
    key = _DOUBLE.sub(r"\1", text.replace("o", "a")).upper()
    # Muhammad is written Mohammad, Mohammed, Muhammed, Мухаммад, Мохаммед by one person's
    # different agencies (Afghan, Arabic, Tajik and Russian habits): one key, and so for the
    # names built on it (Mohammadi, Muhammadjon).
    return _MUHAMMAD.sub("MUHAMAD", key) if key.startswith(("MUHAM", "MAHAM")) else key


# English-style spellings of Arabic and Persian names, as Afghan and Gulf documents write
# them: Masood/Масуд, Noor/Нур, Yousef/Юсуф, Naseema/Насима, Mahbooba/Махбуба.
_LONG_VOWELS = (("oo", "u"), ("ou", "u"), ("ee", "i"))
_KEY_VOWELS = frozenset("AEIU")


@lru_cache(maxsize=262144)
def vowel_key(word: str) -> str:
    """The key of one word with English-style long vowels (oo, ou, ee) read as u and i.

    Kept apart from the key itself: Kyrgyz writes its long vowels doubled too (Жоомарт,
    Zhoomart), and there the key must keep folding them into the short vowel.
    """
    text = normalise(word)
    for old, new in _LONG_VOWELS:
        text = text.replace(old, new)
    return _word_key(text.replace(" ", "")) if text else ""


def vowel_variants(a: str, b: str) -> bool:
    """Whether two words' keys differ only where one writes e for another vowel.

    English-style romanisation writes the short vowels of Arabic names as e whatever they
    are (Khaled/Халид, Ahmed/Ахмад, Yousef/Юсуф, Ehsan/Ихсан).  Only e stands in for another
    vowel: Hasan and Husan, Amir and Umar stay apart.  A first letter may differ only as e
    and i (Ehsan/Ихсан, Edris/Idris), so that Erlan and Arlan (two Kazakh names) stay two.
    """
    x, y = vowel_key(a), vowel_key(b)
    if x == y:
        return bool(x)
    if len(x) != len(y) or len(x) < 3 or (x[0] != y[0] and {x[0], y[0]} != {"E", "I"}):
        return False
    for p, q in zip(x, y, strict=True):
        if p != q and not (p in _KEY_VOWELS and q in _KEY_VOWELS and "E" in (p, q)):
            return False
    return True


def word_keys(name: str) -> tuple[str, ...]:
    """The key of each word of a name, in order."""
    return tuple(phonetic_key(name).split())


def sorted_key(name: str) -> str:
    """The words of the key in alphabetical order: one blocking key for any word order."""
    return " ".join(sorted(word_keys(name)))

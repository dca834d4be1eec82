"""Which text encoding a file is in.

National systems in the region still export Windows-1251 (sometimes KOI8-R or the DOS
code page 866); newer tools write UTF-8, with or without a byte-order mark, and Excel
"Unicode text" is UTF-16.  A byte-order mark decides; otherwise a sample that decodes
as UTF-8 is UTF-8 (real Windows-1251 Cyrillic almost never does); otherwise
the Cyrillic code page under which the sample reads as properly written words wins;
only text that reads as Cyrillic under none of them is left to charset-normalizer,
whose guesses on a short sample of Russian names are unreliable (it takes
Windows-1251 for Korean).
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

SAMPLE_BYTES = 256 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# The code pages Cyrillic text from the region arrives in, most common first.
CYRILLIC_CODE_PAGES = ("cp1251", "koi8_r", "cp866", "iso8859_5")
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+")
# A word written as people write: "Иванов", "иванов" or "ИВАНОВ", never "иВАНОВ".
_PROPERLY_CASED = re.compile(r"[\u0400-\u042f]?[\u0430-\u045f]+|[\u0400-\u042f]+")
# Share of the non-ASCII characters that must read as properly cased Cyrillic words.
_CONVINCING = 0.8


def _is_utf8(sample: bytes) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=False)  # a character cut at the sample's end is fine
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(sample: bytes) -> str:
    """The encoding to read a file with, from its first bytes."""
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name
    if _is_utf8(sample):
        return "utf-8"
    scored = [(_cyrillic_score(sample, name), name) for name in CYRILLIC_CODE_PAGES]
    score, name = max(scored, key=lambda pair: pair[0])
    if score >= _CONVINCING:
        return name
    best = from_bytes(sample).best()
    if best is None:
        # No guess holds up: Windows-1251 decodes every byte, and is what agencies here
        # most often send; wrong letters will show in the dry run.
        return "cp1251"
    return normalise_name(best.encoding)


def normalise_name(name: str) -> str:
    """Python's canonical name of an encoding ("windows-1251" → "cp1251")."""
    return codecs.lookup(name).name


def _cyrillic_score(sample: bytes, encoding: str) -> float:
    """How much of the sample's non-ASCII text reads as Cyrillic words under ``encoding``."""
    text = sample.decode(encoding, errors="replace")
    foreign = sum(1 for char in text if ord(char) > 127)
    if not foreign:
        return 0.0
    words = _CYRILLIC_WORD.findall(text)
    good = sum(len(word) for word in words if _PROPERLY_CASED.fullmatch(word))
    return good / foreign

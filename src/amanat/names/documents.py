"""Passport and identity document numbers, written as clerks write them.

"AA 123 45 67", "АА1234567" (Cyrillic АА), "N-12345678" and "№ 12345678" are each one
number.  python-stdnum validates national identity codes with check digits, but passport
numbers of the region have none, and what matters here is noise: spaces, dashes, a
Cyrillic series typed for a Latin one, O for 0.  Placeholders ("000000", "123456789", "нет",
"-") are never evidence.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz.distance import DamerauLevenshtein

MIN_LENGTH = 5  # shorter strings are fragments, not document numbers
_CYRILLIC_SERIES = str.maketrans(dict(zip("АВЕКМНОРСТУХІ", "ABEKMHOPCTYXI", strict=True)))
# Letters and digits that clerks and OCR confuse; used only to explain a near-agreement.
_CONFUSABLE = str.maketrans(
    {"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "S": "5", "B": "8", "Z": "2"}
)
_NOT_ALNUM = re.compile(r"[\W_]+")
_PREFIX = re.compile(r"^(?:№|NO\.|N°|Nº|#)\s*", re.IGNORECASE)  # not a bare N: a Kazakh series
_RUNS = ("01234567890", "9876543210")
_SERIES = re.compile(r"^([A-Z]+)(\d+)$")


@dataclass(frozen=True)
class DocumentComparison:
    """Score in [0, 1] and reasons; ``informative`` is False when either number says nothing."""

    score: float
    reasons: tuple[str, ...]
    informative: bool


def normalise_document_number(text: str) -> str | None:
    """The number in upper-case Latin letters and digits, or None when it is no number.

    >>> normalise_document_number("аа 123-45-67")
    'AA1234567'
    """
    text = _PREFIX.sub("", text.strip())  # before NFKC, which spells № as "No"
    text = unicodedata.normalize("NFKC", text).upper().translate(_CYRILLIC_SERIES)
    number = _NOT_ALNUM.sub("", text)
    digits = "".join(c for c in number if c.isdigit())
    if len(number) < MIN_LENGTH or not number.isascii() or not digits or len(set(digits)) == 1:
        return None  # "нет", "-", "000000"
    if number == digits and any(digits in run for run in _RUNS):  # 12345678
        return None
    return number


def compare_documents(a: str, b: str) -> DocumentComparison:
    """Compare two document numbers as written (same document type assumed)."""
    na, nb = normalise_document_number(a), normalise_document_number(b)
    if na is None or nb is None:
        unusable = [f"'{t.strip()}'" for t, n in ((a, na), (b, nb)) if n is None]
        return DocumentComparison(0.0, (f"{', '.join(unusable)}: not a usable number",), False)
    if na == nb:
        return DocumentComparison(1.0, (f"same number {na}",), True)
    if na.translate(_CONFUSABLE) == nb.translate(_CONFUSABLE):
        return DocumentComparison(
            0.9, (f"{na} / {nb}: differ only by look-alike characters",), True
        )
    sa, sb = _SERIES.match(na), _SERIES.match(nb)
    if (sa and sa.group(2) == nb) or (sb and sb.group(2) == na):
        return DocumentComparison(
            0.8, (f"{na} / {nb}: same number, series written in one only",), True
        )
    distance = DamerauLevenshtein.distance(na, nb)
    if distance == 1 and len(na) == len(nb):
        return DocumentComparison(
            0.5, (f"{na} / {nb}: one character differs or two swapped",), True
        )
    return DocumentComparison(0.0, (f"different numbers {na} / {nb}",), True)

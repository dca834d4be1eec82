"""Which language a report is in, among those the extractor reads: Russian, Kazakh,
English.

By script and letters, not a statistical model: Kazakh Cyrillic has letters Russian
lacks (ә ғ қ ң ө ұ ү һ і), so a Cyrillic text with enough of them is Kazakh, any other
Cyrillic text Russian, a Latin one English.  Enough for choosing the extractor's
rules; a report in another language is read with the nearest of the three.
"""

from __future__ import annotations

KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
# Share of Cyrillic letters that must be Kazakh-only (Kazakh text: about 8 %;
# a Russian text quoting a Kazakh name: well under 1 %).
KAZAKH_SHARE = 0.02


def detect_language(text: str) -> str:
    """ "ru", "kk" or "en"."""
    cyrillic = latin = kazakh = 0
    for char in text:
        if "\u0400" <= char <= "\u04ff":
            cyrillic += 1
            kazakh += char in KAZAKH_LETTERS
        elif char.isascii() and char.isalpha():
            latin += 1
    if cyrillic <= latin:
        return "en"
    return "kk" if kazakh / cyrillic >= KAZAKH_SHARE else "ru"

"""Names of countries, languages and currencies from CLDR, through Babel.

CLDR already names every ISO 3166 territory, ISO 639 language and ISO 4217
currency in Kazakh, Kyrgyz, Uzbek (Latin) and Tajik, maintained by Unicode with
contributors for each language.  A vocabulary file that sets ``cldr: territories`` (or
``languages``, ``currencies``) takes those languages' labels from here when the
loader reads it, rather than from a copy typed into the YAML: a copy would be a
second place for the same names, and would drift from the one Babel gives the
web pages' date and number formatting.  English and Russian stay in the files,
where the project chose its own short forms ("Russia", "Кыргызстан").

A label written in the file wins over CLDR; write one only where CLDR lacks a
name or has it wrong, with a comment saying so (tests/vocab checks that no such
label merely repeats CLDR).
"""

from __future__ import annotations

import re
from functools import cache

from babel import Locale

# The label languages CLDR supplies; en and ru are the project's own.
CLDR_LANGUAGES = ("kk", "ky", "uz", "tg")
KINDS = frozenset({"territories", "languages", "currencies"})

# CLDR's Uzbek mixes the turned comma (U+02BB, the official letter in oʻ and gʻ)
# with the left quotation mark (U+2018) and the apostrophe; the alphabet has one.
_UZBEK_OKINA = re.compile(r"(?<=[OoGg])[\u2018\u2019']")


@cache
def _names(kind: str, lang: str) -> dict[str, str]:
    names: dict[str, str] = getattr(Locale.parse(lang), kind)
    return names


def cldr_label(kind: str, code: str, lang: str) -> str | None:
    """CLDR's name for ``code`` in ``lang``, as a label; None where CLDR has none.

    CLDR writes language names in lower case, as they stand inside a sentence; a
    label stands alone, at the head of a list item, so its first letter is raised.
    """
    if kind not in KINDS:
        raise ValueError(f"cldr: {kind!r} is not one of {sorted(KINDS)}")
    name = _names(kind, lang).get(code)
    if not name:
        return None
    if lang == "uz":
        name = _UZBEK_OKINA.sub("\u02bb", name)
    return name[0].upper() + name[1:]

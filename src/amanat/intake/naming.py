"""Names as a file gives them: kept exactly as written, with their script recorded.

Only the script code is needed here, for every name of a million-row file, so this
looks at code-point ranges once per name; ``amanat.names.script`` does the finer,
word-by-word work (look-alike letters) when names are compared.
"""

from __future__ import annotations

import re

_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def script_code(name: str) -> str | None:
    """ISO 15924 code of the script a name is written in (vocabulary ``script``):
    Cyrl, Latn or Arab; Zyyy for a name mixing Cyrillic and Latin, or in another
    script; None without letters."""
    if name.isascii():
        return "Latn" if any(c.isalpha() for c in name) else None
    cyrillic = _CYRILLIC.search(name) is not None
    latin = _LATIN.search(name) is not None
    if cyrillic and latin:
        return "Zyyy"
    if cyrillic or latin:
        return "Cyrl" if cyrillic else "Latn"
    if _ARABIC.search(name):
        return "Arab"
    return "Zyyy" if any(c.isalpha() for c in name) else None


def full_name(family: object, given: object, patronymic: object) -> str | None:
    """A full name from its parts, in the order the region's registers write it:
    family name, given name, patronymic."""
    return " ".join([p for p in (family, given, patronymic) if isinstance(p, str) and p]) or None

"""Why two names agree, as a person reads it.

The name layer's reasons (``amanat.names.agreement``) name the phonetic keys they
compared ("family name: Hasanov ~ Khasanov (same phonetic key HASANAVA)"): right for
an analyst checking the matcher, and shown to them under "technical details", but
jargon to everyone else, so pages say what the keys mean ("they sound the same").
"""

from __future__ import annotations

import re

_KEYS = (
    (re.compile(r" \(same phonetic key [^()]*\)"), " (they sound the same)"),
    (re.compile(r" \(one name, forms [^()]*\)"), " (forms of one name)"),
    (re.compile(r" \(similar keys [^()]*\)"), " (similar spellings)"),
    (re.compile(r" \(same father's name [^()]*\)"), " (the same father's name)"),
    (re.compile(r" \(similar father's names [^()]*\)"), " (similar fathers' names)"),
    (re.compile(r" \(different father's names [^()]*\)"), " (different fathers' names)"),
)


def plain(reason: str) -> str:
    """``reason`` without the keys it compared."""
    for pattern, meaning in _KEYS:
        reason = pattern.sub(meaning, reason)
    return reason

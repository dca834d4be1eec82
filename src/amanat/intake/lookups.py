"""Which vocabulary code a cell means.

Without any help from the profile a cell may hold the code itself ("male", "KZ"), or a
label of the code in any language the vocabulary has ("Мужской", "Казахстан"), or for
countries the alpha-3 code ("KAZ").  Everything else ("муж.", "принудительный труд" for
a label worded differently) is listed under the column's ``values`` in the profile,
which always wins.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from amanat.intake.problems import Invalid
from amanat.intake.values import lookup_key
from amanat.vocab import vocabulary

_SEEN_LIMIT = 10_000
OTHERWISE = "*"  # a profile's spelling for every other value
# Attributes that are codes in another system, accepted as well as our codes.
_ALTERNATE_CODES = ("alpha3",)


@cache
def automatic(name: str) -> Mapping[str, str]:
    """Every spelling of every code of vocabulary ``name`` that needs no profile."""
    found: dict[str, str] = {}
    for term in vocabulary(name):
        spellings = [term.code, *term.labels.values()]
        spellings += [term.attrs[a] for a in _ALTERNATE_CODES if term.attrs.get(a)]
        for spelling in spellings:
            found.setdefault(lookup_key(spelling), term.code)
    return found


class Lookup:
    """Cell text → code of one vocabulary, the profile's own values first.

    A profile value of ``null`` (YAML ``~``) means "this cell says nothing": the field
    is left empty rather than refused ("не указано", "н/д").  The spelling ``*``
    stands for every spelling not otherwise known (``"*": ~``: any other value says
    nothing, as for an FtM classification that is not one of our codes).
    """

    def __init__(self, name: str, overrides: Mapping[str, str | None]) -> None:
        self.name = name
        self.codes = frozenset(vocabulary(name).codes())
        self.table: dict[str, str | None] = dict(automatic(name))
        self.table.update({lookup_key(k): v for k, v in overrides.items() if k != OTHERWISE})
        self.refuses = OTHERWISE not in overrides  # an unknown spelling
        self.otherwise = overrides.get(OTHERWISE)
        # Cells as written, already looked up: a column repeats a few spellings.
        self.seen: dict[str, str | None] = {}

    def __call__(self, value: object) -> str | None:
        text = value if type(value) is str else str(value)
        if text in self.codes:  # the common case, and the fast one
            return text
        try:
            return self.seen[text]
        except KeyError:
            pass
        try:
            code = self.table[lookup_key(text)]
        except KeyError:
            if self.refuses:
                raise Invalid("unknown_value", vocabulary=self.name) from None
            code = self.otherwise
        if len(self.seen) < _SEEN_LIMIT:
            self.seen[text] = code
        return code

"""Vocabulary labels for pages and select lists, in the user's language.

Every code a page shows or a form offers comes from a vocabulary, so the labels are
the vocabulary's own (in all six languages: en, ru, kk, ky, uz, tg);
the web app's catalogues never repeat them.
"""

from __future__ import annotations

from functools import cache

from amanat.language.i18n import in_language
from amanat.vocab import VocabularyError, vocabulary


@cache
def label(vocab: str, code: str | None, lang: str) -> str:
    """The label of ``code``; an unknown code is shown as it is rather than hidden."""
    if code is None or code == "":
        return ""
    try:
        term = vocabulary(vocab).term(str(code))
    except VocabularyError:
        return str(code)
    return in_language(term.labels, lang)


@cache
def _options(vocab: str, lang: str) -> tuple[tuple[str, str], ...]:
    terms = vocabulary(vocab)
    pairs = [(term.code, label(vocab, term.code, lang)) for term in terms]
    # Long unordered lists (countries, languages) are easier to scan alphabetically;
    # ordered ones (TLP, pipeline stages) keep their meaningful order.
    if not terms.ordered and len(pairs) > 12:
        pairs.sort(key=lambda pair: pair[1].casefold())
    return tuple(pairs)


def options(vocab: str, lang: str, blank: bool = True) -> list[tuple[str, str]]:
    """(code, label) pairs for a select list, with an empty choice first if ``blank``."""
    found = list(_options(vocab, lang))
    return [("", "—"), *found] if blank else found


def is_code(vocab: str, code: str) -> bool:
    return code in vocabulary(vocab)

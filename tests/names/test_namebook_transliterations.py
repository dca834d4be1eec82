"""The name layer matches its own transliterations (issue 14): every name of the demo's
name books, and the family names and patronymics the demo builds from them, written by
every scheme ``transliterate`` offers, matches its Cyrillic source at "match".

Exhaustive over the words (a few thousand names by nine schemes); whole names drawn by
hypothesis.  The demo's name books are ours, so the same figures are also measured on
iuliia's official samples, which we did not write (``test_official_samples``).
"""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amanat.demo.population import grammar
from amanat.demo.population.namebook import ORIGINS, namebook
from amanat.names import Decision, compare_names, transliterate
from amanat.names.transliterate import LANGUAGES, SCHEMES, Language, Scheme

CYRILLIC_BOOKS = tuple(o for o in ORIGINS if namebook(o).script == "Cyrl")


def _language(origin: str) -> Language | None:
    language = namebook(origin).language
    return language if language in LANGUAGES else None  # type: ignore[return-value]


def _derived(origin: str) -> set[str]:
    """Family names (both sexes) and patronymics the demo builds for one book."""
    book, made = namebook(origin), set()
    for root in book.family_roots.outcomes:
        masculine = grammar.soviet_surname(root, origin)
        made |= {masculine, grammar.feminine_surname(masculine)}
        if origin == "TJ":
            made |= {grammar.tajik_surname(root, form) for form in ("zoda", "i", "yon")}
    for father in book.male.outcomes:
        for sex in ("male", "female"):
            made.add(grammar.russian_patronymic(father, sex))
            if origin == "KZ":
                made.add(grammar.kazakh_patronymic(father, sex))
            if origin in ("KG", "UZ"):
                made.add(f"{father} {grammar.particle(origin, sex)}")
    return made


@cache
def namebook_names() -> tuple[tuple[str, Language | None], ...]:
    """Every Cyrillic name of every book (Latin books' Cyrillic forms too), with the
    book's language."""
    found: set[tuple[str, Language | None]] = set()
    for origin in ORIGINS:
        language = _language(origin)
        for forms in namebook(origin).forms.values():
            found |= {(name, language) for name in forms.cyrillic}
        if origin in CYRILLIC_BOOKS:
            found |= {(name, language) for name in _derived(origin)}
    return tuple(sorted(found, key=str))


def test_the_books_are_all_there() -> None:
    names = {name for name, _ in namebook_names()}
    assert len(names) > 3000
    assert {"Васильев", "Григорьевна", "Серікқызы", "Асан уулу", "Раҳмонзода"} <= names


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_name_matches_its_transliteration(scheme: Scheme) -> None:
    missed = []
    for name, language in namebook_names():
        latin = transliterate(name, scheme, language)
        result = compare_names(name, latin)
        if result.decision is not Decision.MATCH:
            missed.append(f"{name} / {latin}: {result.score} {result.reasons}")
    assert not missed, "\n".join(missed[:20])


@st.composite
def full_names(draw: st.DrawFn) -> tuple[str, Language | None]:
    origin = draw(st.sampled_from(CYRILLIC_BOOKS))
    book = namebook(origin)
    sex = draw(st.sampled_from(("male", "female")))
    given_name = draw(st.sampled_from(book.given(sex).outcomes))
    father = draw(st.sampled_from(book.male.outcomes))
    root = draw(st.sampled_from(book.family_roots.outcomes))
    family = grammar.family_for(grammar.soviet_surname(root, origin), sex)
    patronymic = draw(
        st.sampled_from(
            (
                grammar.russian_patronymic(father, sex),
                grammar.kazakh_patronymic(father, sex),
                f"{father} {grammar.particle(origin, sex)}",
                "",
            )
        )
    )
    order = draw(st.sampled_from(((family, given_name, patronymic), (given_name, family))))
    return " ".join(part for part in order if part), _language(origin)


@settings(max_examples=400, deadline=None)
@given(full_names(), st.sampled_from(SCHEMES))
def test_whole_names_match_their_transliterations(
    drawn: tuple[str, Language | None], scheme: Scheme
) -> None:
    name, language = drawn
    latin = transliterate(name, scheme, language)
    result = compare_names(name, latin)
    assert result.decision is Decision.MATCH, result

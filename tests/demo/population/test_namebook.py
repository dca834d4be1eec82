from __future__ import annotations

import pytest

from amanat.demo.population.alphabets import ALPHABETS, is_cyrillic, is_latin
from amanat.demo.population.namebook import ORIGINS, NameDataError, namebook, parse_namebook


@pytest.mark.parametrize("origin", ORIGINS)
def test_name_lists_are_large_enough(origin: str) -> None:
    book = namebook(origin)
    assert 40 <= len(book.male.outcomes) <= 80
    assert 40 <= len(book.female.outcomes) <= 80
    assert len(book.family_roots.outcomes) >= 60


@pytest.mark.parametrize("origin", ORIGINS)
def test_names_are_frequency_skewed(origin: str) -> None:
    weights = namebook(origin).male.weights
    assert list(weights) == sorted(weights, reverse=True)
    assert weights[0] > 5 * weights[-1]


@pytest.mark.parametrize("origin", ["KZ", "KG", "UZ", "TJ"])
def test_national_letters_are_used_and_no_foreign_ones(origin: str) -> None:
    book = namebook(origin)
    text = "".join(book.forms).lower()
    national = set(ALPHABETS[origin])
    assert national <= set(text), f"{origin} data never uses {national - set(text)}"
    foreign = set("".join(ALPHABETS.values())) - national
    assert not foreign & set(text), f"{origin} data uses {foreign & set(text)}"


@pytest.mark.parametrize("origin", ["TR", "AF"])
def test_latin_origins_have_cyrillic_forms(origin: str) -> None:
    for forms in namebook(origin).forms.values():
        assert is_latin(forms.canonical)
        assert forms.cyrillic and all(is_cyrillic(c) for c in forms.cyrillic)


def test_afghan_mohammad_has_variants() -> None:
    forms = namebook("AF").forms["Mohammad"]
    assert {"Muhammad", "Mohammed"} <= set(forms.latin)


def test_malformed_data_is_rejected() -> None:
    good = {
        "nationality": "KZ",
        "script": "Cyrl",
        "family_form": "derived",
        "male": ["Ерлан"],
        "female": ["Айгүл"],
        "family_roots": ["Ахмет"],
    }
    assert parse_namebook(good, "KZ").male.outcomes == ("Ерлан",)
    with pytest.raises(NameDataError, match="not a Cyrillic name"):
        parse_namebook(good | {"male": ["Erlan"]}, "KZ")
    with pytest.raises(NameDataError, match="duplicate"):
        parse_namebook(good | {"female": ["Айгүл", "Айгүл"]}, "KZ")
    with pytest.raises(NameDataError, match="nationality"):
        parse_namebook(good, "KG")
    latin = good | {"script": "Latn", "male": [["Mehmet", "Mеhmet"]]}  # Cyrillic е inside
    with pytest.raises(NameDataError, match="mixes scripts"):
        parse_namebook(latin, "KZ")

"""Latin back to Cyrillic, best effort."""

from __future__ import annotations

import pytest

from amanat.names.cyrillic import to_cyrillic
from amanat.names.phonetic import phonetic_key


@pytest.mark.parametrize(
    ("latin", "language", "cyrillic"),
    [
        ("Jumanbekov Sergey", "ru", "Джуманбеков Сергей"),
        ("DZHUMANBEKOV Yerlan", "ru", "ДЖУМАНБЕКОВ Ерлан"),
        ("Shchukin Yuliya", "ru", "Щукин Юлия"),
        ("Bakyt Asan uulu", "ru", "Бакыт Асан уулу"),
        ("Kairat Aibek", "ru", "Кайрат Айбек"),
        ("O'rinboyev G'ulom", "uz", "Ўринбоев Ғулом"),
        ("Oʻrinboyev Gʻulom Hasanovich", "uz", "Ўринбоев Ғулом Ҳасанович"),
        ("Erkin Yoqubov", "uz", "Эркин Ёқубов"),
        ("Ma'ruf Xolmatov", "uz", "Маъруф Холматов"),
        ("Jañabek Serıkūly", "kk", "Жаңабек Серікұлы"),
        ("Qairat Aigül", "kk", "Қайрат Айгүл"),
    ],
)
def test_to_cyrillic(latin: str, language: str, cyrillic: str) -> None:
    result = to_cyrillic(latin, language)  # type: ignore[arg-type]
    assert result == cyrillic
    assert phonetic_key(result) == phonetic_key(latin)


def test_languages_without_rules_are_refused() -> None:
    with pytest.raises(ValueError, match="no Latin-to-Cyrillic rules"):
        to_cyrillic("Bakyt", "ky")

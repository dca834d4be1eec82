"""Parts of a name, their roles and the gender their endings show."""

from __future__ import annotations

import pytest

from amanat.names.parts import Gender, Role, name_gender, name_parts


def roles(name: str) -> list[tuple[str, Role]]:
    return [(p.text, p.role) for p in name_parts(name)]


def test_family_given_patronymic() -> None:
    assert roles("Жумабеков Ерлан Серикович") == [
        ("Жумабеков", Role.FAMILY),
        ("Ерлан", Role.GIVEN),
        ("Серикович", Role.PATRONYMIC),
    ]


def test_a_bare_fathers_name_after_family_and_given_is_the_patronymic() -> None:
    # Tajik registry form: Family Given Father, no -ович
    parts = name_parts("Хакимзода Заррина Шохин")
    assert [p.role for p in parts] == [Role.FAMILY, Role.GIVEN, Role.PATRONYMIC]
    assert parts[2].stem == name_parts("Хакимзода Заррина Шохиновна")[2].stem
    assert parts[2].gender is Gender.UNKNOWN  # the father's name says nothing of hers
    # a two-word given name is not a father's name
    assert roles("Karimov Gul Ahmad") == [
        ("Karimov", Role.FAMILY),
        ("Gul", Role.GIVEN),
        ("Ahmad", Role.GIVEN),
    ]


def test_abdul_and_the_next_word_are_one_given_name() -> None:
    assert roles("Karimov Abdul Rahim") == [("Karimov", Role.FAMILY), ("Abdul Rahim", Role.GIVEN)]
    joined = name_parts("Абдулрахим Самиулла")[0]
    assert name_parts("Abdul Rahim Samiullah")[0].key == joined.key == "ABDULRAHIM"
    # "Abdul" alone is still a word of its own
    assert [p.key for p in name_parts("Abdul")] == ["ABDUL"]


def test_given_then_family() -> None:
    assert roles("Erlan Zhumabekov") == [("Erlan", Role.GIVEN), ("Zhumabekov", Role.FAMILY)]


@pytest.mark.parametrize(
    ("name", "patronymic", "stem", "gender"),
    [
        ("Бакыт Асан уулу", "Асан уулу", "ASAN", Gender.MALE),  # Kyrgyz particle
        ("Айгуль Асан кызы", "Асан кызы", "ASAN", Gender.FEMALE),
        ("Rustam Bahodir o'g'li", "Bahodir o'g'li", "BAHADIR", Gender.MALE),  # Uzbek
        ("Madina Bahodir qizi", "Bahodir qizi", "BAHADIR", Gender.FEMALE),
        ("Ерлан Серікұлы", "Серікұлы", "SERIK", Gender.MALE),  # Kazakh, joined
        ("Ерлан Serikuly", "Serikuly", "SERIK", Gender.MALE),
        ("Айгерим Серікқызы", "Серікқызы", "SERIK", Gender.FEMALE),
        ("Иван Петрович", "Петрович", "PETR", Gender.MALE),
        ("Анна Петровна", "Петровна", "PETR", Gender.FEMALE),
    ],
)
def test_patronymics_and_particles(name: str, patronymic: str, stem: str, gender: Gender) -> None:
    parts = name_parts(name)
    found = [p for p in parts if p.role is Role.PATRONYMIC]
    assert [p.text for p in found] == [patronymic]
    assert found[0].stem == stem
    assert found[0].gender is gender
    assert parts[0].role is Role.GIVEN


@pytest.mark.parametrize(
    ("family", "gender", "base"),
    [
        ("Иванов", Gender.MALE, "IVANAV"),
        ("Иванова", Gender.FEMALE, "IVANAV"),
        ("Aliyeva", Gender.FEMALE, "ALIEV"),
        ("Вишневский", Gender.MALE, "VISHNEVSKI"),
        ("Вишневская", Gender.FEMALE, "VISHNEVSKI"),
        ("Rahmonzoda", Gender.UNKNOWN, "RAHMANZADA"),
        ("Шевченко", Gender.UNKNOWN, "SHEVCHENKA"),
    ],
)
def test_family_names_and_their_gender(family: str, gender: Gender, base: str) -> None:
    (part,) = name_parts(family)
    assert part.role is Role.FAMILY
    assert part.gender is gender
    assert part.base == base


def test_given_names_that_look_like_family_endings() -> None:
    assert name_parts("Ярослав")[0].role is not Role.FAMILY  # -slav, not -ov
    assert name_parts("Лев")[0].role is not Role.FAMILY  # too short for Л + -ев
    assert name_parts("Мадина")[0].gender is Gender.FEMALE


def test_initials_and_placeholders() -> None:
    assert roles("Е. Ш. Жумабеков") == [
        ("Е", Role.INITIAL),
        ("Ш", Role.INITIAL),
        ("Жумабеков", Role.FAMILY),
    ]
    assert roles("Иванов Неизвестно XXX") == [("Иванов", Role.FAMILY)]
    assert name_parts("уулу") == ()  # a particle with no father's name


def test_name_gender() -> None:
    assert name_gender(name_parts("Каримова Мадина Рустамовна")) is Gender.FEMALE
    assert name_gender(name_parts("Ерлан Серікұлы")) is Gender.MALE
    assert name_gender(name_parts("Ким Ерлан")) is Gender.UNKNOWN
    assert name_gender(name_parts("Иванов Мария Петровна")) is Gender.UNKNOWN  # disagree


def test_a_womans_name_in_guli_is_not_a_patronymic() -> None:
    assert [p.role for p in name_parts("Каримова Ойгули")] == [Role.FAMILY, Role.GIVEN]

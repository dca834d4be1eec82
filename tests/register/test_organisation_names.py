"""``Organisation.name_in``: the reader's language, else the organisation's own, else
English; the short name where one is given in the language chosen."""

from __future__ import annotations

from amanat.register import Organisation, OrganisationName


def _org(language: str | None) -> Organisation:
    org = Organisation(code="KZ-POL", name="Kazakhstan police", short_name="KZ police")
    org.language = language
    org.names = [
        OrganisationName(language="ru", name="Полиция Казахстана", short_name="Полиция РК"),
        OrganisationName(language="kk", name="Қазақстан полициясы"),
    ]
    return org


def test_the_readers_language_first() -> None:
    org = _org("kk")
    assert org.name_in("ru") == "Полиция Казахстана"
    assert org.name_in("ru", short=True) == "Полиция РК"
    assert org.name_in("kk", short=True) == "Қазақстан полициясы"  # no short name: the full


def test_then_the_organisations_own_language_then_english() -> None:
    assert _org("kk").name_in("tg") == "Қазақстан полициясы"
    assert _org(None).name_in("tg") == "Kazakhstan police"
    assert _org("uz").name_in("uz", short=True) == "KZ police"
    assert _org("kk").name_in("en") == "Kazakhstan police"

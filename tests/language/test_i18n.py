"""Languages: every message translated into every language, catalogues compiled,
placeholders kept, Russian as the fallback while a translation is pending."""

from __future__ import annotations

import re

import pytest

from amanat.language import catalogues, i18n

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGUAGES if lang != "en"])
def test_every_message_is_translated(lang: str) -> None:
    # The coverage the region's users are promised: 100 % in every language.
    assert catalogues.missing_translations(lang) == []


def test_the_compiled_catalogues_match_their_sources() -> None:
    # Fails after a .po edit without: python -m amanat.language.catalogues compile
    assert catalogues.stale_catalogues() == []


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGUAGES if lang != "en"])
def test_translations_keep_their_placeholders(lang: str) -> None:
    for message in catalogues.read(lang):
        if catalogues.translated(message):
            assert set(PLACEHOLDER.findall(str(message.string))) == set(
                PLACEHOLDER.findall(str(message.id))
            ), message.id


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGUAGES if lang != "en"])
def test_every_catalogue_knows_every_message(lang: str) -> None:
    # Untranslated is allowed outside Russian (it falls back); unknown is not.
    known = {message.id for message in catalogues.read(lang)}
    assert {m.id for m in catalogues.extract() if m.id} <= known


def test_the_regions_languages_speak_their_own_words() -> None:
    heading = "Your cases and their next deadlines"
    russian = i18n.gettext("ru", heading)
    for lang in ("kk", "ky", "uz", "tg"):
        assert i18n.gettext(lang, heading) not in (heading, russian), lang
    assert i18n.gettext("en", heading) == heading


def test_a_message_a_language_lacks_falls_back_to_russian() -> None:
    # While a new message waits for its translators, Russian is shown, not English.
    assert i18n.FALLBACK == {"kk": "ru", "ky": "ru", "uz": "ru", "tg": "ru"}
    assert i18n.translations("kk")._fallback is i18n.translations("ru")


def test_a_count_takes_the_plural_form_of_its_language() -> None:
    one, many = (
        "%(count)s network of three or more people or groups",
        ("%(count)s networks of three or more people or groups"),
    )
    forms = [i18n.ngettext("ru", one, many, n) % {"count": n} for n in (1, 3, 5, 21)]
    assert [f.split(" ", 2)[1] for f in forms] == ["сеть", "сети", "сетей", "сеть"]
    assert i18n.ngettext("en", one, many, 1).startswith("%(count)s network ")

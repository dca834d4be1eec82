"""Languages: every message translated into Russian, catalogues compiled, the
region's languages falling back to Russian."""

from __future__ import annotations

import re

import pytest

from amanat.language import catalogues, i18n

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def test_every_message_has_a_russian_translation() -> None:
    assert catalogues.missing_translations("ru") == []


def test_the_compiled_catalogues_match_their_sources() -> None:
    # Fails after a .po edit without: python -m amanat.language.catalogues compile
    assert catalogues.stale_catalogues() == []


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGUAGES if lang != "en"])
def test_translations_keep_their_placeholders(lang: str) -> None:
    for message in catalogues.read(lang):
        if message.id and message.string:
            assert set(PLACEHOLDER.findall(str(message.string))) == set(
                PLACEHOLDER.findall(str(message.id))
            ), message.id


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGUAGES if lang != "en"])
def test_every_catalogue_knows_every_message(lang: str) -> None:
    # Untranslated is allowed outside Russian (it falls back); unknown is not.
    known = {message.id for message in catalogues.read(lang)}
    assert {m.id for m in catalogues.extract() if m.id} <= known


def test_the_regions_languages_fall_back_to_russian() -> None:
    assert i18n.gettext("kk", "Dashboard") == "Басты бет"
    heading = "Your cases and their next deadlines"
    assert i18n.gettext("ky", heading) == "Ваши дела и их ближайшие сроки"
    assert i18n.gettext("en", heading) == heading

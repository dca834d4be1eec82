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
        if catalogues.translated(message):
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


def test_a_count_takes_the_plural_form_of_its_language() -> None:
    one, many = (
        "%(count)s network of three or more people or groups",
        ("%(count)s networks of three or more people or groups"),
    )
    forms = [i18n.ngettext("ru", one, many, n) % {"count": n} for n in (1, 3, 5, 21)]
    assert [f.split(" ", 2)[1] for f in forms] == ["сеть", "сети", "сетей", "сеть"]
    assert i18n.ngettext("en", one, many, 1).startswith("%(count)s network ")
    # Kazakh has no translation yet: Russian's forms, by Russian's rule.
    assert i18n.ngettext("kk", one, many, 3).split(" ", 2)[1] == "сети"


def test_an_untranslated_plural_is_not_compiled_as_empty() -> None:
    message = catalogues.read("kk").get("%(count)s network of three or more people or groups")
    assert message is not None and not catalogues.translated(message)
    assert i18n.ngettext("kk", message.id[0], message.id[1], 2) != ""

"""Amanat's languages: one gettext domain (Babel catalogues) and locale-aware formatting.

English and Russian are complete.  Kazakh, Kyrgyz, Uzbek and Tajik catalogues cover
what they cover and fall back to Russian, not English: Russian is the language the
region's agencies share, so a Kyrgyz user is better served by a Russian label than
by an English one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime, get_timezone
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

LANGUAGES: tuple[str, ...] = ("en", "ru", "kk", "ky", "uz", "tg")
DEFAULT_LANGUAGE = "en"
# What a language falls back to for messages and vocabulary labels it lacks.
FALLBACK = {"kk": "ru", "ky": "ru", "uz": "ru", "tg": "ru"}
# Each language's name in itself, for the language switch.
NATIVE_NAMES = {
    "en": "English",
    "ru": "Русский",
    "kk": "Қазақша",
    "ky": "Кыргызча",
    "uz": "Oʻzbekcha",
    "tg": "Тоҷикӣ",
}
DOMAIN = "messages"
# Times are shown in the region's time zone; the database keeps UTC.
DISPLAY_TIMEZONE = "Asia/Almaty"


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark only"
    """Mark a message for extraction; it is translated where it is shown."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - as N_
    """Mark a message with a plural form for extraction (``ngettext`` picks the form)."""
    return singular, plural


def locale_dir() -> Path:
    return Path(str(resources.files("amanat.language").joinpath("locale")))


def supported(lang: str | None) -> str | None:
    return lang if lang in LANGUAGES else None


@cache
def translations(lang: str) -> NullTranslations:
    """The catalogue of ``lang`` with its fallback chain; English is the msgids."""
    if lang == DEFAULT_LANGUAGE or lang not in LANGUAGES:
        return NullTranslations()
    found = Translations.load(str(locale_dir()), [lang], DOMAIN)
    fallback = FALLBACK.get(lang)
    if fallback is not None:
        found.add_fallback(translations(fallback))
    return found


def gettext(lang: str, message: str) -> str:
    # gettext("") is the catalogue's header (project, plural forms, Babel's version),
    # never a message to show.
    return translations(lang).gettext(message) if message else ""


def ngettext(lang: str, singular: str, plural: str, count: int) -> str:
    """The form of a message that ``count`` takes in ``lang`` (Russian has three:
    1 сеть, 2 сети, 5 сетей), by the catalogue's plural rule."""
    return translations(lang).ngettext(singular, plural, count)


def in_language(labels: Mapping[str, str], lang: str) -> str:
    """A label given per language (a vocabulary term's), in ``lang`` or the language
    it falls back to, else English."""
    return labels.get(lang) or labels.get(FALLBACK.get(lang, "en")) or labels["en"]


def negotiate(accept_language: str) -> str:
    """The best supported language for an Accept-Language header."""
    wanted = []
    for part in accept_language.split(","):
        tag = part.split(";")[0].strip().replace("-", "_")
        if tag and tag != "*":
            wanted.append(tag)
    found = Locale.negotiate(wanted, list(LANGUAGES), sep="_")
    return str(found.language) if found is not None else DEFAULT_LANGUAGE


@cache
def _locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT_LANGUAGE)


def date_text(value: dt.date | None, lang: str, style: str = "medium") -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return datetime_text(value, lang)
    return format_date(value, style, locale=_locale(lang))


def datetime_text(value: dt.datetime | None, lang: str, style: str = "medium") -> str:
    if value is None:
        return ""
    # SQLite hands back naive datetimes; the register stores UTC.
    aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    return format_datetime(
        aware, style, tzinfo=get_timezone(DISPLAY_TIMEZONE), locale=_locale(lang)
    )


def number_text(value: float | int | Decimal | None, lang: str) -> str:
    if value is None:
        return ""
    return format_decimal(value, locale=_locale(lang))

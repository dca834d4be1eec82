"""Jinja2 templates, one environment per language.

Each environment has its language's catalogue and formatters installed once, so a
request never swaps translations on a shared environment (which would race between
threads); the price is one compiled copy of each template per language in use.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from babel.support import NullTranslations
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from amanat.language import i18n
from amanat.register import labels as record_labels
from amanat.service.web import audit_words, field_labels, labels, match_reasons, titles

# Template autoreload off: templates ship inside the package and do not change.
_LOADER = PackageLoader("amanat.service.web", "templates")


def _named(catalogue: NullTranslations, names: Mapping[str, str]) -> Callable[[str], str]:
    """A template function: the translated name of a field, kind, link or table."""

    def name(key: str) -> str:
        return catalogue.gettext(names.get(key, key))

    return name


@cache
def environment(lang: str) -> Environment:
    env = Environment(
        loader=_LOADER,
        autoescape=select_autoescape(("html",)),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    catalogue = i18n.translations(lang)
    env.install_gettext_translations(catalogue, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        role_labels=field_labels.ROLE_LABELS,
        record_url=titles.record_url,
        field_name=_named(catalogue, record_labels.FIELD_LABELS),
        kind_name=_named(catalogue, record_labels.KIND_LABELS),
        link_name=_named(catalogue, field_labels.LINK_LABELS),
        table_name=_named(catalogue, record_labels.TABLE_LABELS),
        own_link_names=frozenset(k for k in field_labels.LINK_LABELS if ":" in k),
        lang=lang,
        languages=i18n.LANGUAGES,
        native_names=i18n.NATIVE_NAMES,
        options=lambda vocab, blank=True: labels.options(vocab, lang, blank),
        action_words=lambda code: audit_words.action_words(catalogue.gettext, code),
        alert_words=lambda alert, users: audit_words.alert_words(catalogue.gettext, alert, users),
    )
    env.filters.update(
        label=lambda code, vocab: labels.label(vocab, code, lang),
        labelled=lambda code, vocab: (code, labels.label(vocab, code, lang)),
        date=lambda value: i18n.date_text(value, lang),
        datetime=lambda value: i18n.datetime_text(value, lang),
        number=lambda value: i18n.number_text(value, lang),
        plain_reason=match_reasons.plain,
        # An organisation's name for this reader (``Organisation.name_in``).
        org_name=lambda org, short=False: org.name_in(lang, short=short) if org else "",
    )
    return env


def render_text(lang: str, name: str, context: Mapping[str, Any]) -> str:
    return environment(lang).get_template(name).render(context)

"""A refusal said in its reader's language: a msgid of Amanat's one gettext domain and
its parameters, not a sentence in English.

The access layer and the actions raise these; each door says them in its reader's
language (the web page's, a command's ``AMANAT_LANG`` or user's), and ``str()`` is the
English, for logs and the API, unchanged from when they were English sentences.  The
register's reasons (``register.reasons``) and the import's problems
(``intake.problems``) are declared the same way, as codes with msgids.
"""

from __future__ import annotations

from collections.abc import Mapping

from amanat.language.i18n import DEFAULT_LANGUAGE, gettext


def filled(lang: str, msgid: str, params: Mapping[str, object]) -> str:
    """``msgid`` in ``lang`` with ``params`` put in (a message without parameters may
    hold a bare ``%``); a parameter that is itself a refusal is said in ``lang`` too."""
    text = gettext(lang, msgid)
    if not params:
        return text
    return text % {key: _in(value, lang) for key, value in params.items()}


def _in(value: object, lang: str) -> object:
    return value.said(lang) if isinstance(value, Refusal) else value


class Refusal(Exception):
    """Why something was not done, as a msgid (marked with ``N_``) and its parameters."""

    def __init__(self, msgid: str, **params: object) -> None:
        self.msgid = msgid
        self.params = params
        super().__init__(filled(DEFAULT_LANGUAGE, msgid, params))

    def said(self, lang: str) -> str:
        return filled(lang, self.msgid, self.params)


class Invalid(Refusal, ValueError):
    """A value a validator refuses (pydantic's ``value_error``): pydantic says its
    English, the API's handler its msgid in the reader's language."""


def said(exc: BaseException, lang: str) -> str:
    """Any refusal in ``lang``: its own words where it says them (``said``), else its
    English."""
    speak = getattr(exc, "said", None)
    return str(speak(lang)) if callable(speak) else str(exc)

"""The language a command speaks to people in, and its words in that language.

``--lang`` where a command has one, else ``AMANAT_LANG``, else the language of the
user a command acts as (``--user``), else English.  One command runs in one process,
so the choice is made once, for the process.  What a command prints for people goes
through Amanat's one gettext domain (``amanat.language``); what it prints for
programs (JSON, CSV, ids, codes) is not translated.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer
from typer.core import TyperGroup

from amanat.actions.errors import FieldProblem
from amanat.cli import help_language
from amanat.language.i18n import DEFAULT_LANGUAGE, LANGUAGES, supported
from amanat.language.refusal import filled, said

LANGUAGE_ENV = "AMANAT_LANG"

_chosen: list[str] = []  # the language chosen for this process, once known


def choose(lang: str | None) -> None:
    """Speak ``lang`` from now on (a command's ``--lang``)."""
    if supported(lang):
        _chosen[:] = [str(lang)]


def user_language(lang: str | None) -> None:
    """The language of the user the command acts as: spoken unless ``--lang`` or
    ``AMANAT_LANG`` chose another."""
    if not _chosen and not supported(os.environ.get(LANGUAGE_ENV)):
        choose(lang)


def language() -> str:
    if _chosen:
        return _chosen[0]
    return supported(os.environ.get(LANGUAGE_ENV)) or DEFAULT_LANGUAGE


def _(msgid: str, **params: object) -> str:
    """``msgid`` in the command's language, ``params`` put in."""
    return filled(language(), msgid, params)


def _eager(ctx: typer.Context, lang: str | None) -> str | None:
    """``--lang`` read before ``--help`` (both eager, in the order given), so that
    ``amanat --lang kk --help`` shows the command and lists its commands in Kazakh."""
    if supported(lang):
        choose(lang)
        help_language.speak(str(lang))
        help_language.translate(ctx.command, str(lang))
    return lang


def start(
    ctx: typer.Context,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of the messages: en, ru, kk, ky, uz or tg "
            f"(default: ${LANGUAGE_ENV}, else the --user's own language, else en).",
            show_default=False,
            is_eager=True,
            callback=_eager,
        ),
    ] = None,
) -> None:
    # Each command starts from no choice (tests run several in one process).
    _chosen.clear()
    if lang is not None and not supported(lang):
        raise typer.BadParameter(
            f"{lang!r} is not one of {', '.join(LANGUAGES)}", param_hint="--lang"
        )
    choose(lang)
    # The sub-command was loaded (and its help translated) before --lang was known.
    help_language.speak(language())
    group = ctx.command
    if ctx.invoked_subcommand and isinstance(group, TyperGroup):
        command = group.get_command(ctx, ctx.invoked_subcommand)
        if command is not None:
            help_language.translate(command, language())


def refused(exc: BaseException) -> str:
    """A refusal as a command says it, in its language: bad input with its place
    (``ORG: ...``, ``--new: ...``), as its English ``str()`` has it."""
    text = said(exc, language())
    if isinstance(exc, FieldProblem):
        return f"{'.'.join(map(str, exc.loc))}: {text}"
    return text

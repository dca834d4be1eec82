"""``amanat … --help`` in the command's language.

The help texts are msgids of the one catalogue (``amanat.language.command_help``
extracts them from the source as Typer reads them); here each loaded command's help,
and each of its options' and arguments', is swapped for its translation.  The English
text is kept on the object, so a second language (tests run many commands in one
process) translates from English again, never from another translation.

The words Typer prints around them ("Options", "[required]") are read through Python's
``gettext`` at its import (the panel titles, set again here for each language) or when
shown (``typer.core``'s, given our catalogue's ``gettext`` in place of Python's, which
would choose by ``$LANGUAGE``: setting that would change the language of every program
a command starts, pg_dump's included).  The Click that Typer carries (``typer._click``)
prints plain English ("Usage:", "Missing argument"); of its words only the help
option's "Show this message and exit." is a help text, translated with the others.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

import typer.core
from typer import rich_utils
from typer._click.core import Command, Context

from amanat.language.command_help import cleaned
from amanat.language.i18n import N_, gettext

ENGLISH = "amanat_english_help"

# Typer's words, read once at its import: set again for each language.
TYPER_WORDS = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "DEPRECATED_STRING": N_("(deprecated) "),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
}
# Typer's, said through ``gettext`` when shown, and its own options' and Click's help.
TYPER_SAID = (
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("Show this message and exit."),
    # Typer's own options of the top command.
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
)


def _translated(holder: object, attribute: str, lang: str) -> None:
    english = holder.__dict__.setdefault(f"{ENGLISH}_{attribute}", getattr(holder, attribute))
    if english:
        translated = gettext(lang, cleaned(english))
        # Untranslated, the text stays as written (not as cleaned).
        setattr(holder, attribute, english if translated == cleaned(english) else translated)


def _tree(command: Command) -> Iterator[Command]:
    yield command
    commands = getattr(command, "commands", None)
    if isinstance(commands, dict):
        # A lazy group's commands are translated as they load (``main.load``).
        for sub in dict.values(commands):
            if sub is not None:
                yield from _tree(sub)


def translate(command: Command, lang: str) -> None:
    """``command``'s help, and its sub-commands' and parameters', in ``lang``."""
    for each in _tree(command):
        _translated(each, "help", lang)
        _translated(each, "short_help", lang)
        # Made once and kept by the command; made here so that its help is ours.
        helper = each.get_help_option(Context(each))
        for param in [*each.params, *([helper] if helper else [])]:
            if hasattr(param, "help"):
                _translated(param, "help", lang)


def speak(lang: str) -> None:
    """Typer's and Click's own words in ``lang``."""
    for name, message in TYPER_WORDS.items():
        setattr(rich_utils, name, gettext(lang, message))
    typer.core._ = partial(gettext, lang)  # type: ignore[attr-defined]

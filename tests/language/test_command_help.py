"""The command line's help found in the source as Typer reads it (``command_help``)."""

from __future__ import annotations

import io
from pathlib import Path

from amanat.language.command_help import commands_of, extract_command_help, help_texts

SOURCE = '''
import typer
SETTING = "AMANAT_KEY"
app = typer.Typer(help="The group's help.")

@app.command("make")
def make(
    name: str = typer.Argument(help="A name, "
        "given in two pieces."),
    key: str = typer.Option(help=f"The key (default: ${SETTING})."),
    other: str = typer.Option(help=f"Not known: {undefined}."),
) -> None:
    """Make a thing.

    Its second paragraph.
    """

def listed(database: str) -> None:
    """A command named in main.COMMANDS."""

def helper(value: int) -> int:
    """Not a command: a developer's docstring."""
    return value
'''


def _found(named: frozenset[tuple[str, str]] = frozenset()) -> list[str]:
    return [message for _, _, message, _ in help_texts(SOURCE, "thing", named)]


def test_help_given_as_text_and_fstrings_of_the_modules_constants() -> None:
    found = _found()
    assert "The group's help." in found
    assert "A name, given in two pieces." in found
    assert "The key (default: $AMANAT_KEY)." in found
    # An f-string of what the source does not hold cannot be a msgid.
    assert not any("Not known" in message for message in found)


def test_docstrings_of_commands_only_cleaned_as_click_shows_them() -> None:
    found = _found(frozenset({("thing", "listed")}))
    assert "Make a thing.\n\nIts second paragraph." in found
    assert "A command named in main.COMMANDS." in found
    assert not any("developer" in message for message in found)
    assert "A command named in main.COMMANDS." not in _found()


def test_the_commands_named_in_main_are_read_from_its_table() -> None:
    cli = Path(__file__).parents[2] / "src" / "amanat" / "cli"
    named = commands_of(cli)
    assert ("database", "init") in named and ("serve", "serve") in named
    assert ("node", "app") in named


def test_babels_method_gives_the_marked_messages_and_the_help() -> None:
    source = SOURCE + '\nfrom amanat.cli.language import _\nsaid = _("A marked message.")\n'
    found = [m for _, _, m, _ in extract_command_help(io.BytesIO(source.encode()), ["_"], [], {})]
    assert "A marked message." in found and "The group's help." in found

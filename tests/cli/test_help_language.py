"""``amanat … --help`` in the chosen language: every help text of every command is a
message of the one catalogue, and the help is shown translated, Typer's and Click's
words included (not the "Usage:" of the Click that Typer carries, which is plain
English)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from tests.cli.test_language import AMANAT, CYRILLIC
from typer._click.core import Command
from typer.testing import CliRunner

from amanat.cli.help_language import ENGLISH
from amanat.cli.main import app
from amanat.language.catalogues import extract
from amanat.language.command_help import cleaned
from amanat.language.i18n import gettext


def _english(holder: object, attribute: str) -> str | None:
    return holder.__dict__.get(f"{ENGLISH}_{attribute}", getattr(holder, attribute, None))


def _help_texts(command: Command) -> Iterator[str]:
    for attribute in ("help", "short_help"):
        text = _english(command, attribute)
        if text:
            yield cleaned(text)
    for param in command.params:
        text = _english(param, "help")
        if text:
            yield cleaned(text)
    commands = getattr(command, "commands", None)
    if isinstance(commands, dict):
        for name in list(commands):
            yield from _help_texts(commands[name])


def test_every_help_text_of_every_command_is_in_the_catalogue() -> None:
    messages = {message.id for message in extract() if message.id}
    texts = set(_help_texts(typer.main.get_command(app)))
    assert len(texts) > 250  # every command was walked
    assert sorted(texts - messages) == []


def _help(*arguments: str, **env: str) -> str:
    base = {k: v for k, v in os.environ.items() if not k.startswith("AMANAT_")}
    done = subprocess.run(
        [AMANAT, *arguments],
        env={**base, "COLUMNS": "200", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("lang", ["kk", "uz"])
def test_a_commands_help_is_shown_in_the_language_chosen(lang: str) -> None:
    shown = _help("--lang", lang, "node", "init", "--help")
    for english in (
        "Make this node's identity: its name and a new Ed25519 key pair (once).",
        "Where peers pull this node's feed.",
        "Show this message and exit.",
        "Options",
        "Arguments",
    ):
        assert english not in shown
        assert gettext(lang, english) in shown
    # Kazakh in Cyrillic; Uzbek in Latin.
    assert bool(CYRILLIC.search(shown)) == (lang == "kk")


def test_the_commands_list_and_the_environments_language() -> None:
    top = "Amanat: share what you know about trafficking safely, and see where it leads."
    listed = _help("--lang", "ru", "--help")
    assert gettext("ru", "Commands") in listed and "Commands" not in listed
    assert gettext("ru", top) in listed and top not in listed
    assert gettext("ru", "Install completion for the current shell.") in listed
    shown = _help("federation", "--help", AMANAT_LANG="ky")
    assert gettext("ky", "Records between this node and its peers.") in shown
    assert gettext("ky", top) in _help("--help", AMANAT_LANG="ky")


def test_english_again_after_another_language_in_one_process(tmp_path: Path) -> None:
    runner = CliRunner()
    russian = runner.invoke(app, ["--lang", "ru", "vocab", "--help"], env={"COLUMNS": "200"})
    english = runner.invoke(app, ["--lang", "en", "vocab", "--help"], env={"COLUMNS": "200"})
    assert "List and show the controlled vocabularies." not in russian.output
    assert "List and show the controlled vocabularies." in english.output
    assert "Options" in english.output and not CYRILLIC.search(english.output)


def _option_help(path: list[str], name: str) -> str:
    command: Command = typer.main.get_command(app)
    for step in path:
        command = command.commands[step]  # type: ignore[attr-defined]
    found = [p for p in command.params if p.name == name]
    return cleaned(str(_english(found[0], "help")))


def test_the_help_that_lists_choices_names_every_one() -> None:
    # Written out (a msgid cannot be built at run time), so held to the code here.
    from amanat.access.roles import Role
    from amanat.cli.discovery import CSV_COLUMNS
    from amanat.resolve.lists import LISTS

    for shown, choices in (
        (_option_help(["user", "add"], "role"), list(Role)),
        (_option_help(["screen"], "list_name"), LISTS),
        (_option_help(["discover"], "file"), CSV_COLUMNS),
    ):
        assert all(str(choice) in shown for choice in choices), shown

"""`amanat vocab`: the controlled vocabularies, in English or Russian."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from amanat.cli.language import _, refused
from amanat.cli.options import fail
from amanat.vocab import VocabularyError, vocabulary, vocabulary_names

app = typer.Typer(help="List and show the controlled vocabularies.", no_args_is_help=True)

LangOption = Annotated[str, typer.Option("--lang", help="Label language: en or ru.")]


@app.command("list")
def list_vocabularies(lang: LangOption = "en") -> None:
    """List the vocabularies with their number of terms."""
    table = Table(_("vocabulary"), _("label"), _("terms"))
    for name in vocabulary_names():
        vocab = vocabulary(name)
        table.add_row(name, vocab.labels.get(lang, vocab.labels["en"]), str(len(vocab)))
    Console().print(table)


@app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="Vocabulary name, e.g. exploitation_form.")],
    lang: LangOption = "en",
) -> None:
    """Show the codes and labels of one vocabulary."""
    try:
        vocab = vocabulary(name)
    except VocabularyError as exc:
        fail(refused(exc))
    table = Table(_("code"), _("label"), title=vocab.labels.get(lang, vocab.labels["en"]))
    for term in vocab:
        table.add_row(term.code, term.label(lang))
    Console().print(table)

"""The `amanat` command: one entry point, a sub-command per job."""

from __future__ import annotations

import typer

from amanat.cli import database, demo, names, submit, vocab

app = typer.Typer(
    name="amanat",
    help="Amanat: share what you know about trafficking safely, and see where it leads.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals can hold identities
)

app.command("init")(database.init)
app.command("stats")(database.stats)
app.command("submit")(submit.submit_command)
app.command("demo-data")(demo.demo_data)
app.command("demo")(demo.demo)
app.add_typer(vocab.app, name="vocab")
app.add_typer(names.app, name="names")

"""Options shared by several commands."""

from __future__ import annotations

from typing import Annotated, NoReturn

import typer
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from amanat.store.engine import make_engine
from amanat.store.migrate import is_up_to_date
from amanat.store.settings import get_settings

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database",
        "-d",
        help="Database URL (sqlite:///FILE or postgresql://...). "
        "Default: $AMANAT_DATABASE_URL, else sqlite:///amanat.sqlite.",
        show_default=False,
    ),
]


def database_url(given: str | None) -> str:
    return given or get_settings().database_url


def shown(url: str) -> str:
    """A URL fit to print: the password hidden."""
    return make_url(url).render_as_string(hide_password=True)


def open_register(given: str | None) -> Engine:
    """An engine on an initialised, up-to-date register, or a clear exit."""
    url = database_url(given)
    engine = make_engine(url)
    try:
        ready = is_up_to_date(engine)
    except Exception as exc:  # an unreachable server, a bad URL, a locked file
        fail(f"cannot open the database {shown(url)}: {exc}")
    if not ready:
        fail(f"{shown(url)} is not an initialised register; run `amanat init` first")
    return engine


def fail(message: str, code: int = 1) -> NoReturn:
    typer.secho(f"Error: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(code)

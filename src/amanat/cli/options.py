"""Options shared by several commands, and the settings a command resolves once."""

from __future__ import annotations

from typing import Annotated, NoReturn, TypeVar

import typer
from pydantic import ValidationError
from pydantic_core import ErrorDetails
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from amanat.cli.language import _, language
from amanat.language.validation import message
from amanat.store.engine import make_engine
from amanat.store.migrate import is_up_to_date
from amanat.store.settings import Settings

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

S = TypeVar("S", bound=Settings)


def resolved(kind: type[S], database: str | None) -> S:
    """A command's settings, read once: the ``AMANAT_`` variables, with ``--database``
    over ``AMANAT_DATABASE_URL``.  A value that is not valid exits naming its variable."""
    try:
        return kind(database_url=database) if database else kind()
    except ValidationError as exc:
        fail("; ".join(_problem(error) for error in exc.errors()))


def _problem(error: ErrorDetails) -> str:
    name = "_".join(map(str, error["loc"]))
    # A key's value is never shown (it would be the key itself).
    given = "" if "key" in name else f" (given: {error['input']!r})"
    return f"AMANAT_{name.upper()}: {message(error, language())}{given}"


def database_url(given: str | None) -> str:
    return resolved(Settings, given).database_url


def shown(url: str) -> str:
    """A URL fit to print: the password hidden."""
    return make_url(url).render_as_string(hide_password=True)


def open_register(given: str | None) -> Engine:
    """An engine on an initialised, up-to-date register, or a clear exit."""
    return register_engine(resolved(Settings, given))


def register_engine(settings: Settings) -> Engine:
    """An engine on the register ``settings`` name, initialised and up to date, or a
    clear exit."""
    url = settings.database_url
    engine = make_engine(url, echo=settings.echo_sql)
    try:
        ready = is_up_to_date(engine)
    except Exception as exc:  # an unreachable server, a bad URL, a locked file
        fail(_("cannot open the database %(url)s: %(problem)s", url=shown(url), problem=exc))
    if not ready:
        fail(_("%(url)s is not an initialised register; run `amanat init` first", url=shown(url)))
    return engine


def fail(message: str, code: int = 1) -> NoReturn:
    """End the command with ``message`` (in the command's language) and ``code``."""
    typer.secho(_("Error: %(message)s", message=message), err=True, fg=typer.colors.RED)
    raise typer.Exit(code)

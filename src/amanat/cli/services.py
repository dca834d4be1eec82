"""`amanat services list|offer|withdraw`: the directory of service providers, which
referrals pick from.  Each command acts as a named user (``--user``): anyone lists
the directory; an organisation's administrators keep their own organisation's
offers (``amanat.actions.services``, checked and audited there).
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from amanat.actions import services
from amanat.actions.door import binds
from amanat.actions.errors import FieldProblem
from amanat.cli.door import acting_as
from amanat.cli.language import _, language
from amanat.cli.options import DatabaseOption, fail, open_register

app = typer.Typer(help="The directory of service providers.", no_args_is_help=True)
UserOption = Annotated[
    str, typer.Option("--user", "-u", help="Act as this user (an administrator to change).")
]
CountryOption = Annotated[
    str | None, typer.Option("--country", "-c", help="ISO 3166-1 alpha-2, e.g. KZ.")
]


@app.command("list")
@binds(services.providers)
def list_command(
    user: UserOption,
    service: Annotated[
        str | None, typer.Option("--service", "-s", help="assistance_kind code, e.g. shelter.")
    ] = None,
    country: CountryOption = None,
    database: DatabaseOption = None,
) -> None:
    """Organisations that offer a service, and where."""
    table = Table(_("offer"), _("organisation"), _("service"), _("country"), _("region"), _("note"))
    with acting_as(open_register(database), user) as ctx:
        for provider in services.providers(ctx, service, country):
            for offer in provider.offers:
                table.add_row(
                    str(offer.id),
                    provider.org.code,
                    offer.service,
                    offer.country,
                    offer.region or "",
                    offer.note or "",
                )
    Console(width=160).print(table)


@app.command("offer")
@binds(services.offer)
def offer_command(
    service: Annotated[str, typer.Argument(help="assistance_kind code, e.g. shelter.")],
    user: UserOption,
    country: CountryOption = None,
    region: Annotated[str | None, typer.Option(help="Empty: the whole country.")] = None,
    note: Annotated[str | None, typer.Option(help="How to refer: hours, languages.")] = None,
    database: DatabaseOption = None,
) -> None:
    """Add a service the user's organisation offers (its country unless --country)."""
    with acting_as(open_register(database), user) as ctx:
        try:
            made = services.offer(ctx, service, country, region, note)
        except FieldProblem as exc:  # codes and places: nothing here names a person
            fail(
                _(
                    "%(loc)s: %(message)s (given: %(value)r)",
                    loc=exc.loc[-1],
                    message=exc.said(language()),
                    value=exc.value,
                )
            )
        where = ", ".join(p for p in (made.country, made.region) if p)
        number = made.id
    typer.echo(
        _("Offer %(number)s: %(service)s in %(where)s", number=number, service=service, where=where)
    )


@app.command("withdraw")
@binds(services.withdraw)
def withdraw_command(
    offer: Annotated[int, typer.Argument(help="The offer's number (amanat services list).")],
    user: UserOption,
    database: DatabaseOption = None,
) -> None:
    """Take one of the user's organisation's offers off the directory."""
    with acting_as(open_register(database), user) as ctx:
        services.withdraw(ctx, offer)
    typer.echo(_("Offer %(offer)s withdrawn", offer=offer))

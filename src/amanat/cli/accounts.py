"""`amanat org|user|token|group|access`: what administrators manage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from amanat.access import accounts, groups
from amanat.access.models import User
from amanat.access.passwords import WeakPassword
from amanat.access.roles import Role, permission_table_markdown
from amanat.cli.options import DatabaseOption, fail, open_register
from amanat.register import InvalidValue, Organisation
from amanat.store.engine import transaction

org_app = typer.Typer(help="Register and list organisations.", no_args_is_help=True)
user_app = typer.Typer(help="Manage user accounts.", no_args_is_help=True)
token_app = typer.Typer(help="Create and revoke API tokens.", no_args_is_help=True)
group_app = typer.Typer(help="Manage sharing groups.", no_args_is_help=True)
access_app = typer.Typer(help="Roles and permissions.", no_args_is_help=True)


@contextmanager
def _unit_of_work(database: str | None) -> Iterator[Session]:
    engine = open_register(database)
    try:
        with transaction(engine) as session:
            yield session
    except (accounts.AccountError, InvalidValue, WeakPassword) as exc:
        fail(str(exc))


@org_app.command("add")
def org_add(
    code: Annotated[str, typer.Argument(help="Short unique code, e.g. KZ-MVD-DRUGS.")],
    name: Annotated[str, typer.Argument(help="Full name.")],
    kind: Annotated[str, typer.Option(help="organisation_kind code (amanat vocab show ...).")],
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2.")] = None,
    parent: Annotated[str | None, typer.Option(help="Code of the parent organisation.")] = None,
    database: DatabaseOption = None,
) -> None:
    """Register an organisation."""
    with _unit_of_work(database) as session:
        accounts.add_organisation(session, code, name, kind, country, parent)
    typer.echo(f"Organisation {code} registered")


@org_app.command("list")
def org_list(database: DatabaseOption = None) -> None:
    """List the organisations."""
    with _unit_of_work(database) as session:
        table = Table("code", "name", "kind", "country")
        for org in session.scalars(select(Organisation).order_by(Organisation.code)):
            table.add_row(org.code, org.name, org.kind, org.country or "")
    Console().print(table)


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="Login name.")],
    org: Annotated[str, typer.Option(help="Code of the user's organisation.")],
    role: Annotated[str, typer.Option(help=f"One of: {', '.join(Role)}.")],
    name: Annotated[str | None, typer.Option(help="Display name.")] = None,
    language: Annotated[
        str, typer.Option(help="Interface language: en, ru, kk, ky, uz, tg.")
    ] = "en",
    password: Annotated[
        str,
        typer.Option(prompt=True, hide_input=True, confirmation_prompt=True, help="≥ 10 chars."),
    ] = "",
    database: DatabaseOption = None,
) -> None:
    """Create a user account in an organisation."""
    with _unit_of_work(database) as session:
        accounts.add_user(session, org, username, name or username, role, password, language)
    typer.echo(f"User {username} ({role}) added to {org}")


@user_app.command("list")
def user_list(database: DatabaseOption = None) -> None:
    """List user accounts (never their passwords)."""
    with _unit_of_work(database) as session:
        table = Table("username", "organisation", "role", "active", "2FA")
        query = select(User, Organisation.code).join(Organisation).order_by(User.username)
        for user, code in session.execute(query):
            table.add_row(
                user.username,
                code,
                user.role,
                "yes" if user.is_active else "no",
                "yes" if user.totp_secret else "no",
            )
    Console().print(table)


@user_app.command("disable")
def user_disable(
    username: Annotated[str, typer.Argument(help="Login name.")], database: DatabaseOption = None
) -> None:
    """Disable a user account: no more logins, its tokens stop working."""
    with _unit_of_work(database) as session:
        accounts.user_by_name(session, username).is_active = False
    typer.echo(f"User {username} disabled")


@user_app.command("totp")
def user_totp(
    username: Annotated[str, typer.Argument(help="Login name.")], database: DatabaseOption = None
) -> None:
    """Enrol the user in a TOTP second factor; prints the otpauth:// URI to load into
    an authenticator app (shown once: treat it as a secret)."""
    with _unit_of_work(database) as session:
        uri = accounts.enrol_totp(accounts.user_by_name(session, username))
    typer.echo(f"Second factor enrolled for {username}; load this into an authenticator app:")
    typer.echo(uri)


@token_app.command("create")
def token_create(
    username: Annotated[str, typer.Argument(help="The user the token acts as.")],
    name: Annotated[str, typer.Option(help="What the token is for.")] = "api client",
    days: Annotated[int, typer.Option(min=1, max=366, help="Days until it expires.")] = 90,
    read_only: Annotated[bool, typer.Option(help="Only reads, never writes.")] = False,
    database: DatabaseOption = None,
) -> None:
    """Create an API token; it is shown once and only its hash is stored."""
    with _unit_of_work(database) as session:
        row, token = accounts.create_token(
            session, username, name, dt.timedelta(days=days), read_only
        )
        token_id = row.id
    typer.echo(f"Token {token_id} for {username} (shown once, keep it secret):")
    typer.echo(token)


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[int, typer.Argument(help="The token's number.")],
    database: DatabaseOption = None,
) -> None:
    """Revoke an API token at once."""
    with _unit_of_work(database) as session:
        accounts.revoke_token(session, token_id)
    typer.echo(f"Token {token_id} revoked")


@group_app.command("add")
def group_add(
    name: Annotated[str, typer.Argument(help="Group name.")],
    owner: Annotated[str, typer.Option(help="Code of the organisation that runs it.")],
    description: Annotated[str | None, typer.Option(help="What the group is for.")] = None,
    database: DatabaseOption = None,
) -> None:
    """Create a sharing group (its owner is its first member)."""
    with _unit_of_work(database) as session:
        groups.add_group(session, name, owner, description)
    typer.echo(f"Sharing group {name!r} created")


@group_app.command("add-member")
def group_add_member(
    name: Annotated[str, typer.Argument(help="Group name.")],
    org: Annotated[str, typer.Argument(help="Organisation code.")],
    database: DatabaseOption = None,
) -> None:
    """Add an organisation to a sharing group; it sees the group's records at once."""
    with _unit_of_work(database) as session:
        groups.add_member(session, name, org)
    typer.echo(f"{org} is a member of {name!r}")


@group_app.command("remove-member")
def group_remove_member(
    name: Annotated[str, typer.Argument(help="Group name.")],
    org: Annotated[str, typer.Argument(help="Organisation code.")],
    database: DatabaseOption = None,
) -> None:
    """Remove an organisation from a sharing group; it loses access at once."""
    with _unit_of_work(database) as session:
        removed = groups.remove_member(session, name, org)
    typer.echo(f"{org} removed from {name!r}" if removed else f"{org} was not a member")


@group_app.command("list")
def group_list(
    name: Annotated[str, typer.Argument(help="Group name.")], database: DatabaseOption = None
) -> None:
    """List a sharing group's member organisations."""
    with _unit_of_work(database) as session:
        members = groups.member_codes(session, name)
    typer.echo("\n".join(members))


@access_app.command("permissions")
def permissions() -> None:
    """Print the role × action permission table (Markdown, as in docs/permissions.md)."""
    typer.echo(permission_table_markdown(), nl=False)

"""`amanat org|user|token|group|access`: what the system operator sets up.

Run against the database without naming a user, these commands act as the system
operator (``cli.door.as_operator``); each is an action, checked and audited like
any other (``amanat.actions.accounts``, ``tokens``, ``groups``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from amanat.access.accounts import AccountError
from amanat.access.passwords import WeakPassword
from amanat.access.sharing import NotFound
from amanat.actions import accounts, groups, organisation_names, records, tokens
from amanat.actions.catalogue import permissions_markdown
from amanat.actions.door import Context, binds
from amanat.cli.door import as_operator
from amanat.cli.language import _, refused
from amanat.cli.options import DatabaseOption, fail, open_register
from amanat.register import InvalidValue

org_app = typer.Typer(help="Register and list organisations.", no_args_is_help=True)
user_app = typer.Typer(help="Manage user accounts.", no_args_is_help=True)
token_app = typer.Typer(help="Create and revoke API tokens.", no_args_is_help=True)
group_app = typer.Typer(help="Manage sharing groups.", no_args_is_help=True)
access_app = typer.Typer(help="Roles, permissions and actions.", no_args_is_help=True)


@contextmanager
def _operator(database: str | None) -> Iterator[Context]:
    engine = open_register(database)
    try:
        with as_operator(engine) as ctx:
            yield ctx
    except (AccountError, InvalidValue, WeakPassword, NotFound) as exc:
        fail(refused(exc))


@org_app.command("add")
@binds(accounts.add_organisation)
def org_add(
    code: Annotated[str, typer.Argument(help="Short unique code, e.g. KZ-MVD-DRUGS.")],
    name: Annotated[str, typer.Argument(help="Full name.")],
    kind: Annotated[str, typer.Option(help="organisation_kind code (amanat vocab show ...).")],
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2.")] = None,
    parent: Annotated[str | None, typer.Option(help="Code of the parent organisation.")] = None,
    node: Annotated[
        str | None, typer.Option(help="The node it works on (amanat node list); default: this.")
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Register an organisation."""
    with _operator(database) as ctx:
        accounts.add_organisation(ctx, code, name, kind, country, parent, node)
    if node:
        typer.echo(_("Organisation %(code)s registered on node %(node)s", code=code, node=node))
    else:
        typer.echo(_("Organisation %(code)s registered", code=code))


@org_app.command("list")
@binds(records.list_organisations)
def org_list(
    lang: Annotated[
        str, typer.Option(help="Show the names a reader of this language sees.")
    ] = "en",
    database: DatabaseOption = None,
) -> None:
    """List the organisations."""
    with _operator(database) as ctx:
        table = Table(_("code"), _("name"), _("kind"), _("country"), _("language"))
        for org in sorted(records.list_organisations(ctx).items, key=lambda o: o.code):
            table.add_row(org.code, org.name_in(lang), org.kind, org.country or "", org.language)
    Console().print(table)


@org_app.command("name")
@binds(organisation_names.names_to_edit, organisation_names.name_organisation)
def org_name(
    code: Annotated[str, typer.Argument(help="Organisation code.")],
    language: Annotated[str, typer.Argument(help="Language code (en: the name of record).")],
    name: Annotated[str, typer.Argument(help="The name in that language (blank: remove it).")],
    short: Annotated[str | None, typer.Option(help="Short name in that language.")] = None,
    own_language: Annotated[
        str | None, typer.Option(help="The organisation's own language (blank: none).")
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Name an organisation in one language; its names in other languages are kept."""
    with _operator(database) as ctx:
        org = organisation_names.names_to_edit(ctx, code)
        names = organisation_names.namings_of(org)
        names[language] = organisation_names.Naming(name, short)
        own = org.language if own_language is None else own_language
        organisation_names.name_organisation(ctx, code, names, own)
    typer.echo(_("Organisation %(code)s named in %(language)s", code=code, language=language))


@user_app.command("add")
@binds(accounts.add_user)
def user_add(
    username: Annotated[str, typer.Argument(help="Login name.")],
    org: Annotated[str, typer.Option(help="Code of the user's organisation.")],
    role: Annotated[
        str,
        typer.Option(
            help="The role: analyst, investigator, prosecutor, case_worker, "
            "statistics_officer, auditor or administrator."
        ),
    ],
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
    """Create a user account in an organisation (in force at once; a role that reads
    records raises an alert for auditors)."""
    with _operator(database) as ctx:
        accounts.add_user(ctx, username, name or username, role, password, language, org)
    typer.echo(
        _("User %(username)s (%(role)s) added to %(org)s", username=username, role=role, org=org)
    )


@user_app.command("list")
@binds(accounts.list_users)
def user_list(database: DatabaseOption = None) -> None:
    """List user accounts (never their passwords)."""
    with _operator(database) as ctx:
        table = Table(
            _("username"), _("organisation"), _("role"), _("active"), _("2FA"), _("approver")
        )
        for user, code in accounts.list_users(ctx):
            pending = "" if user.role_approved else _(" (awaiting approval)")
            table.add_row(
                user.username,
                code,
                user.role + pending,
                _("yes") if user.is_active else _("no"),
                _("yes") if user.totp_secret else _("no"),
                _("yes") if user.approves_accounts else "",
            )
    Console().print(table)


@user_app.command("disable")
@binds(accounts.change_user)
def user_disable(
    username: Annotated[str, typer.Argument(help="Login name.")], database: DatabaseOption = None
) -> None:
    """Disable a user account: no more logins; its sessions and tokens end at once."""
    with _operator(database) as ctx:
        accounts.change_user(ctx, username, is_active=False)
    typer.echo(_("User %(username)s disabled", username=username))


@user_app.command("enable")
@binds(accounts.change_user)
def user_enable(
    username: Annotated[str, typer.Argument(help="Login name.")], database: DatabaseOption = None
) -> None:
    """Enable (and unlock) a user account."""
    with _operator(database) as ctx:
        accounts.change_user(ctx, username, is_active=True)
    typer.echo(_("User %(username)s enabled", username=username))


@user_app.command("totp")
@binds(accounts.enrol_second_factor)
def user_totp(
    username: Annotated[str, typer.Argument(help="Login name.")], database: DatabaseOption = None
) -> None:
    """Enrol the user in a TOTP second factor; prints the otpauth:// URI to load into
    an authenticator app (shown once: treat it as a secret)."""
    with _operator(database) as ctx:
        uri = accounts.enrol_second_factor(ctx, username)
    typer.echo(
        _(
            "Second factor enrolled for %(username)s; load this into an authenticator app:",
            username=username,
        )
    )
    typer.echo(uri)


@user_app.command("approver")
@binds(accounts.designate_approver)
def user_approver(
    username: Annotated[str, typer.Argument(help="Login name.")],
    off: Annotated[bool, typer.Option("--off", help="Stop designating the user.")] = False,
    database: DatabaseOption = None,
) -> None:
    """Designate the user as its organisation's approver of accounts: the second person
    who approves a role that reads records, asked for by an administrator."""
    with _operator(database) as ctx:
        accounts.designate_approver(ctx, username, not off)
    if off:
        typer.echo(_("%(username)s no longer approves accounts", username=username))
    else:
        typer.echo(_("%(username)s approves accounts", username=username))


@token_app.command("create")
@binds(tokens.create_token)
def token_create(
    username: Annotated[str, typer.Argument(help="The user the token acts as.")],
    name: Annotated[str, typer.Option(help="What the token is for.")] = "api client",
    days: Annotated[int, typer.Option(min=1, max=366, help="Days until it expires.")] = 90,
    read_only: Annotated[bool, typer.Option(help="Only reads, never writes.")] = False,
    database: DatabaseOption = None,
) -> None:
    """Create an API token (audited); it is shown once and only its hash is stored."""
    with _operator(database) as ctx:
        row, token = tokens.create_token(ctx, username, name, days, read_only)
        token_id = row.id
    typer.echo(
        _(
            "Token %(token_id)s for %(username)s (shown once, keep it secret):",
            token_id=token_id,
            username=username,
        )
    )
    typer.echo(token)


@token_app.command("revoke")
@binds(tokens.revoke_token)
def token_revoke(
    token_id: Annotated[int, typer.Argument(help="The token's number.")],
    database: DatabaseOption = None,
) -> None:
    """Revoke an API token at once."""
    with _operator(database) as ctx:
        tokens.revoke_token(ctx, token_id)
    typer.echo(_("Token %(token_id)s revoked", token_id=token_id))


@group_app.command("add")
@binds(groups.add_group)
def group_add(
    name: Annotated[str, typer.Argument(help="Group name.")],
    owner: Annotated[str, typer.Option(help="Code of the organisation that runs it.")],
    description: Annotated[str | None, typer.Option(help="What the group is for.")] = None,
    database: DatabaseOption = None,
) -> None:
    """Create a sharing group (its owner is its first member)."""
    with _operator(database) as ctx:
        groups.add_group(ctx, name, owner, description)
    typer.echo(_("Sharing group %(name)r created", name=name))


@group_app.command("add-member")
@binds(groups.add_member)
def group_add_member(
    name: Annotated[str, typer.Argument(help="Group name.")],
    org: Annotated[str, typer.Argument(help="Organisation code.")],
    database: DatabaseOption = None,
) -> None:
    """Add an organisation to a sharing group; it sees the group's records at once."""
    with _operator(database) as ctx:
        groups.add_member(ctx, name, org)
    typer.echo(_("%(org)s is a member of %(name)r", org=org, name=name))


@group_app.command("remove-member")
@binds(groups.remove_member)
def group_remove_member(
    name: Annotated[str, typer.Argument(help="Group name.")],
    org: Annotated[str, typer.Argument(help="Organisation code.")],
    database: DatabaseOption = None,
) -> None:
    """Remove an organisation from a sharing group; it loses access at once."""
    with _operator(database) as ctx:
        removed = groups.remove_member(ctx, name, org)
    if removed:
        typer.echo(_("%(org)s removed from %(name)r", org=org, name=name))
    else:
        typer.echo(_("%(org)s was not a member", org=org))


@group_app.command("list")
@binds(groups.members)
def group_list(
    name: Annotated[str, typer.Argument(help="Group name.")], database: DatabaseOption = None
) -> None:
    """List a sharing group's member organisations."""
    with _operator(database) as ctx:
        found = groups.members(ctx, name)
    typer.echo("\n".join(found))


@access_app.command("permissions")
def permissions() -> None:
    """Print the roles' permissions and every action's permission, scope, read-only rule
    and audit entry (Markdown, as in docs/permissions.md)."""
    typer.echo(permissions_markdown(), nl=False)

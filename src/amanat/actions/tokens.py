"""API tokens: made only by their own user (signed in to the web app) or by the system
operator on the command line; listed and revoked by their user and by the
administrators of the user's organisation.

An administrator who could mint a token for another account could act as that
account — read what a case worker reads, a victim's name included — so nobody makes
a token for anybody else, and a token cannot make tokens (its credential could
outlive itself).  Every token made or revoked is audited.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from amanat.access import accounts
from amanat.access.models import ApiToken, User
from amanat.access.roles import Permission, can
from amanat.access.sharing import NotFound
from amanat.actions.accounts import USERS_AND_OPERATOR, Account, managed_user
from amanat.actions.actor import Credential
from amanat.actions.door import Context, Scope, action
from amanat.language.i18n import N_
from amanat.register import InvalidValue

MAX_DAYS = 366


def _lifetime(days: int) -> dt.timedelta:
    if not 1 <= days <= MAX_DAYS:
        raise InvalidValue("days", days, N_("must be between 1 and %(most)s"), most=MAX_DAYS)
    return dt.timedelta(days=days)


@action(
    "token.create_own",
    "Make an API token for one's own account (shown once; a read-only one cannot write)",
    scope=Scope.own_account,
    credentials=frozenset({Credential.session}),
    audit="token_created",
)
def create_own_token(
    ctx: Context, name: str, days: int = 90, read_only: bool = False
) -> tuple[ApiToken, str]:
    user = ctx.actor.signed_in
    row, text = accounts.create_token(ctx.session, user.username, name, _lifetime(days), read_only)
    ctx.audit("user", user.id, token=row.id, read_only=read_only, days=days)
    return row, text


@action(
    "token.create",
    "Make an API token for an account (the system operator, on the command line)",
    scope=Scope.system,
    audit="token_created",
)
def create_token(
    ctx: Context, username: str, name: str, days: int = 90, read_only: bool = False
) -> tuple[ApiToken, str]:
    row, text = accounts.create_token(ctx.session, username, name, _lifetime(days), read_only)
    ctx.audit("user", row.user_id, token=row.id, read_only=read_only, days=days)
    return row, text


@action(
    "token.list_own",
    "One's own API tokens (never their secrets)",
    scope=Scope.own_account,
    read_only=True,
    unaudited_because="one's own tokens' names and dates, no secret and no record",
)
def own_tokens(ctx: Context) -> list[ApiToken]:
    query = select(ApiToken).where(ApiToken.user_id == ctx.actor.signed_in.id)
    return list(ctx.session.scalars(query.order_by(ApiToken.id.desc())))


@action(
    "token.list",
    "The API tokens of a user of one's own organisation (never their secrets)",
    scope=Scope.own_organisation,
    permission=Permission.administer,
    credentials=USERS_AND_OPERATOR,
    read_only=True,
    unaudited_because="tokens' names and dates, no secret and no record",
)
def tokens_of(ctx: Context, account: Account | None = None) -> list[tuple[ApiToken, User]]:
    """``account``: one user's tokens, else those of every user the caller
    administers."""
    query = select(ApiToken, User).join(User, User.id == ApiToken.user_id)
    if account is not None:
        query = query.where(ApiToken.user_id == managed_user(ctx, account).id)
    elif ctx.actor.credential is not Credential.operator:
        query = query.where(User.org_id == ctx.viewer.org_id)
    rows = ctx.session.execute(query.order_by(ApiToken.id.desc()).limit(500))
    return [(token, owner) for token, owner in rows]


def _revocable(ctx: Context, token_id: int) -> ApiToken:
    """A token of one's own, of a user of one's organisation for its administrators,
    or any for the operator; anyone else's is not found."""
    row = ctx.session.get(ApiToken, token_id) if 0 < token_id < 2**63 else None
    if row is None:
        raise NotFound(N_("token %(token_id)s not found"), token_id=token_id)
    actor = ctx.actor
    if actor.credential is Credential.operator:
        return row
    me = actor.signed_in
    if row.user_id == me.id:
        return row
    owner = ctx.session.get(User, row.user_id)
    administers = actor.role is not None and can(actor.role, Permission.administer)
    if owner is None or owner.org_id != me.org_id or not administers:
        raise NotFound(N_("token %(token_id)s not found"), token_id=token_id)
    return row


@action(
    "token.revoke",
    "Revoke an API token: one's own, or (administrators) one of a user of one's own "
    "organisation; it stops working at once",
    scope=Scope.own_organisation,
    credentials=USERS_AND_OPERATOR,
    audit="token_revoked",
)
def revoke_token(ctx: Context, token_id: int) -> ApiToken:
    row = _revocable(ctx, token_id)
    accounts.revoke_token(ctx.session, row.id)
    ctx.audit("user", row.user_id, token=row.id)
    return row

"""The administrators' lists of accounts and API tokens: filtered, sorted and a page
at a time, in SQL (an organisation of hundreds of users is one page of fifty, not
one long table), and what waits for an administrator on the start page.

An account's state is one of four, decided once here for every page that shows it:
a locked account is never shown as "active".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVarTuple

from sqlalchemy import ColumnElement, Select, and_, func, not_, or_, select

from amanat.access.models import ApiToken, User
from amanat.access.role_requests import PENDING, RoleRequest
from amanat.access.roles import Permission
from amanat.actions.accounts import USERS_AND_OPERATOR
from amanat.actions.actor import Credential
from amanat.actions.door import Context, Scope, action
from amanat.actions.errors import FieldProblem
from amanat.language.i18n import N_
from amanat.register import Organisation

Columns = TypeVarTuple("Columns")
PER_PAGE = 50
MAX_PER_PAGE = 200
NO_RECORD = "account names, roles and dates, never a record"


class AccountState(StrEnum):
    awaiting = "awaiting approval"
    locked = "locked"
    active = "active"
    disabled = "disabled"


def _aware(when: dt.datetime | None) -> dt.datetime | None:
    return when.replace(tzinfo=dt.UTC) if when is not None and when.tzinfo is None else when


def state_of(user: User, now: dt.datetime) -> AccountState:
    """What an account is now (the sign-in check's order: approval, then enabled,
    then the lock after failed sign-ins)."""
    if not user.role_approved:
        return AccountState.awaiting
    if not user.is_active:
        return AccountState.disabled
    locked_until = _aware(user.locked_until)
    if locked_until is not None and locked_until > now:
        return AccountState.locked
    return AccountState.active


def _in_state(state: AccountState, now: dt.datetime) -> ColumnElement[bool]:
    locked = and_(User.locked_until.is_not(None), User.locked_until > now)
    approved_active = and_(User.role_approved.is_(True), User.is_active.is_(True))
    return {
        AccountState.awaiting: User.role_approved.is_(False),
        AccountState.disabled: and_(User.role_approved.is_(True), User.is_active.is_(False)),
        AccountState.locked: and_(approved_active, locked),
        AccountState.active: and_(approved_active, not_(locked)),
    }[state]


@dataclass(frozen=True)
class Listed:
    rows: list[Any]
    total: int  # matching the filters, on every page
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _paged(
    ctx: Context, query: Select[*Columns], order: list[Any], page: int, per_page: int
) -> Listed:
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise FieldProblem(
            ("query", "per_page"),
            N_("must be 1 to %(most)s"),
            per_page,
            most=MAX_PER_PAGE,
        )
    if page < 1:
        raise FieldProblem(("query", "page"), N_("must be 1 or more"), page)
    total = int(ctx.session.scalar(select(func.count()).select_from(query.subquery())) or 0)
    rows = ctx.session.execute(
        query.order_by(*order).offset((page - 1) * per_page).limit(per_page)
    ).all()
    return Listed([tuple(row) for row in rows], total, page, per_page)


USER_SORTS: dict[str, list[Any]] = {
    "username": [User.username],
    "name": [User.display_name, User.username],
    "role": [User.role, User.username],
    "last_sign_in": [User.last_login_at.desc(), User.username],
}


@action(
    "user.find",
    "The user accounts of one's own organisation (every organisation's, for the operator), "
    "filtered by name, role and state, sorted, a page at a time",
    scope=Scope.own_organisation,
    permission=Permission.administer,
    credentials=USERS_AND_OPERATOR,
    read_only=True,
    unaudited_because=NO_RECORD,
)
def find_users(
    ctx: Context,
    *,
    text: str | None = None,
    role: str | None = None,
    state: AccountState | None = None,
    sort: str = "username",
    page: int = 1,
    per_page: int = PER_PAGE,
) -> Listed:
    """Rows of (user, organisation code)."""
    if sort not in USER_SORTS:
        raise FieldProblem(
            ("query", "sort"), N_("must be one of %(choices)s"), sort, choices=", ".join(USER_SORTS)
        )
    query = select(User, Organisation.code).join(Organisation, Organisation.id == User.org_id)
    if ctx.actor.credential is not Credential.operator:
        query = query.where(User.org_id == ctx.viewer.org_id)
    if text:
        # autoescape: a "%" or "_" typed is looked for as itself.
        wanted = text.strip()
        query = query.where(
            or_(
                User.username.icontains(wanted, autoescape=True),
                User.display_name.icontains(wanted, autoescape=True),
            )
        )
    if role:
        query = query.where(User.role == role)
    if state is not None:
        query = query.where(_in_state(state, dt.datetime.now(dt.UTC)))
    return _paged(ctx, query, USER_SORTS[sort], page, per_page)


TOKEN_SORTS: dict[str, list[Any]] = {
    "newest": [ApiToken.id.desc()],
    "expires": [ApiToken.expires_at, ApiToken.id],
    "last_used": [ApiToken.last_used_at.desc(), ApiToken.id.desc()],
    "username": [User.username, ApiToken.id.desc()],
}


class TokenState(StrEnum):
    active = "active"
    expired = "expired"
    revoked = "revoked"


@action(
    "token.find",
    "The API tokens of one's own organisation's users (never their secrets), filtered by "
    "user and state, sorted, a page at a time",
    scope=Scope.own_organisation,
    permission=Permission.administer,
    credentials=USERS_AND_OPERATOR,
    read_only=True,
    unaudited_because="tokens' names and dates, no secret and no record",
)
def find_tokens(
    ctx: Context,
    *,
    text: str | None = None,
    state: TokenState | None = None,
    sort: str = "newest",
    page: int = 1,
    per_page: int = PER_PAGE,
) -> Listed:
    """Rows of (token, user)."""
    if sort not in TOKEN_SORTS:
        raise FieldProblem(
            ("query", "sort"),
            N_("must be one of %(choices)s"),
            sort,
            choices=", ".join(TOKEN_SORTS),
        )
    query = select(ApiToken, User).join(User, User.id == ApiToken.user_id)
    if ctx.actor.credential is not Credential.operator:
        query = query.where(User.org_id == ctx.viewer.org_id)
    if text:
        wanted = text.strip()
        query = query.where(
            or_(
                User.username.icontains(wanted, autoescape=True),
                ApiToken.name.icontains(wanted, autoescape=True),
            )
        )
    now = dt.datetime.now(dt.UTC)
    if state is TokenState.revoked:
        query = query.where(ApiToken.revoked_at.is_not(None))
    elif state is TokenState.expired:
        query = query.where(ApiToken.revoked_at.is_(None), ApiToken.expires_at <= now)
    elif state is TokenState.active:
        query = query.where(ApiToken.revoked_at.is_(None), ApiToken.expires_at > now)
    return _paged(ctx, query, TOKEN_SORTS[sort], page, per_page)


@dataclass(frozen=True)
class AccountsWaiting:
    # Role requests of one's organisation that wait for its approver: (request, user).
    approvals: list[tuple[RoleRequest, User]]
    locked: list[User]


@action(
    "start.accounts",
    "What waits in one's own organisation's accounts: roles waiting for the approver, "
    "and accounts locked after failed sign-ins (administrators)",
    scope=Scope.own_organisation,
    permission=Permission.administer,
    read_only=True,
    unaudited_because=NO_RECORD,
)
def accounts_waiting(ctx: Context, limit: int = 20) -> AccountsWaiting:
    org = ctx.viewer.org_id
    requests = ctx.session.execute(
        select(RoleRequest, User)
        .join(User, User.id == RoleRequest.user_id)
        .where(RoleRequest.org_id == org, RoleRequest.status == PENDING)
        .order_by(RoleRequest.requested_at)
        .limit(limit)
    )
    locked = ctx.session.scalars(
        select(User)
        .where(User.org_id == org, _in_state(AccountState.locked, dt.datetime.now(dt.UTC)))
        .order_by(User.username)
        .limit(limit)
    )
    return AccountsWaiting([(r, u) for r, u in requests], list(locked))

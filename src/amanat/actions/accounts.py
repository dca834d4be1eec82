"""Organisations and user accounts: administration that cannot become reading.

- Administrators manage the users of their own organisation only; another
  organisation's account is answered as one that does not exist.
- Nobody changes their own role.
- Giving an account a role — at creation or later — is a request until the
  organisation's designated approver, a second person, approves it
  (``access.role_requests``); the request raises an alert for auditors.  Every role,
  not only those that read records: an auditor reads the whole trail and, at an
  oversight body, decides emergency reads; an administrator makes accounts.
- Disabling an account or changing its role ends every session and token it holds.
- The system operator (the command line, no user) sets a register up: organisations,
  first accounts, approvers; everything it does is audited like the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from amanat.access import accounts, role_requests
from amanat.access.models import User
from amanat.access.passwords import hash_password
from amanat.access.role_requests import RoleRequest
from amanat.access.roles import Permission, Role
from amanat.access.sharing import NotFound
from amanat.actions.actor import USER_CREDENTIALS, Credential
from amanat.actions.door import Context, Refused, Scope, action
from amanat.federation import nodes
from amanat.language.i18n import N_
from amanat.register import InvalidValue, Organisation

USERS_AND_OPERATOR = USER_CREDENTIALS | {Credential.operator}


def _operator(ctx: Context) -> bool:
    return ctx.actor.credential is Credential.operator


# An account, by id or by user name.
Account = int | str


def managed_user(ctx: Context, account: Account) -> User:
    """A user the caller administers: any for the operator, else one of the
    caller's own organisation; anyone else's is not found.  Called by actions,
    after the door has admitted the caller."""
    if isinstance(account, int):
        user = ctx.session.get(User, account) if 0 < account < 2**63 else None
    else:
        user = ctx.session.scalar(select(User).where(User.username == account))
    if user is None or (not _operator(ctx) and user.org_id != ctx.viewer.org_id):
        raise NotFound(N_("user %(account)s not found"), account=account)
    return user


@action(
    "organisation.add",
    "Register an organisation in the directory every organisation shares (the system "
    "operator: an organisation's administrator could otherwise add one that imitates "
    "another, offered to everyone for referrals and consent)",
    scope=Scope.system,
    audit="organisation_added",
)
def add_organisation(
    ctx: Context,
    code: str,
    name: str,
    kind: str,
    country: str | None = None,
    parent_code: str | None = None,
    node: str | None = None,
) -> Organisation:
    """``node``: the name of the node it works on (``amanat node add``); this node's
    by default, so that sharing groups can include organisations of other nodes."""
    on = nodes.node_by_name(ctx.session, node, "--node") if node is not None else None
    org = accounts.add_organisation(ctx.session, code, name, kind, country, parent_code)
    if on is not None and not on.is_local:
        org.node_id = on.id
        ctx.session.flush()
    if on is None:
        ctx.audit("organisation", org.id, code=org.code)
    else:
        ctx.audit("organisation", org.id, code=org.code, node=on.name)
    return org


@action(
    "user.list",
    "The user accounts of one's own organisation (every organisation's, for the operator)",
    scope=Scope.own_organisation,
    permission=Permission.administer,
    credentials=USERS_AND_OPERATOR,
    read_only=True,
    unaudited_because="it shows account names and roles, never a record",
)
def list_users(ctx: Context) -> list[tuple[User, str]]:
    query = select(User, Organisation.code).join(Organisation, Organisation.id == User.org_id)
    if not _operator(ctx):
        query = query.where(User.org_id == ctx.viewer.org_id)
    return [(user, code) for user, code in ctx.session.execute(query.order_by(User.username))]


@dataclass(frozen=True)
class Added:
    user: User
    # The request waiting for the approver, when the role reads records.
    request: RoleRequest | None


@action(
    "user.add",
    "Create a user account in one's own organisation; it opens when the organisation's "
    "approver approves its role (the operator's accounts open at once)",
    scope=Scope.own_organisation,
    permission=Permission.administer,
    credentials=USERS_AND_OPERATOR,
    audit=("user_added", "role_requested", "role_granted"),
)
def add_user(
    ctx: Context,
    username: str,
    display_name: str,
    role: str,
    password: str,
    language: str = "en",
    org_code: str | None = None,
) -> Added:
    if _operator(ctx):
        if org_code is None:
            raise InvalidValue("org", None, N_("is required: the account's organisation"))
        org = accounts.organisation_by_code(ctx.session, org_code)
    else:
        org_found = ctx.session.get(Organisation, ctx.viewer.org_id)
        assert org_found is not None
        if org_code not in (None, org_found.code):
            raise InvalidValue("org", org_code, N_("is not your organisation"))
        org = org_found
    user = accounts.add_user(
        ctx.session, org.code, username, display_name, role, password, language
    )
    ctx.audit("user", user.id, role=user.role, username=user.username)
    if _operator(ctx):
        # The operator sets the register up: in force at once, and still an alert.
        ctx.audit("user", user.id, entry="role_granted", role=user.role, new_account=True)
        return Added(user, None)
    user.is_active, user.role_approved = False, False
    request = role_requests.ask(
        ctx.session, user, Role(role), ctx.actor.signed_in, new_account=True
    )
    ctx.audit("user", user.id, entry="role_requested", role=role, request=request.id)
    return Added(user, request)


@dataclass(frozen=True)
class Changed:
    user: User
    request: RoleRequest | None
    # Sessions and tokens ended by the change.
    ended: int


@action(
    "user.change",
    "Rename, disable, enable or change the role of an account of one's own organisation "
    "(never one's own role; a new role waits for the organisation's approver)",
    scope=Scope.own_organisation,
    permission=Permission.administer,
    credentials=USERS_AND_OPERATOR,
    audit=("user_changed", "role_requested", "role_granted"),
)
def change_user(
    ctx: Context,
    account: Account,
    *,
    display_name: str | None = None,
    role: str | None = None,
    is_active: bool | None = None,
) -> Changed:
    user = managed_user(ctx, account)
    own = ctx.actor.user is not None and ctx.actor.user.id == user.id
    request, ended = None, 0
    if display_name is not None:
        user.display_name = display_name
    if is_active is not None and is_active != user.is_active:
        if own:
            raise Refused(N_("permission denied: nobody disables or enables their own account"))
        user.is_active = is_active
        if not is_active:
            ended += accounts.end_credentials(ctx.session, user, "account disabled")
    if is_active:
        # Enabling also unlocks an account locked after failed sign-ins.
        user.failed_logins, user.locked_until = 0, None
    if role is not None and role != user.role:
        if own:
            raise Refused(N_("permission denied: nobody changes their own role"))
        new = Role(role)
        if not _operator(ctx):
            request = role_requests.ask(
                ctx.session, user, new, ctx.actor.signed_in, new_account=False
            )
            ctx.audit("user", user.id, entry="role_requested", role=new.value, request=request.id)
        else:
            user.role, user.role_approved = new.value, True
            ended += accounts.end_credentials(ctx.session, user, "role changed")
            ctx.audit("user", user.id, entry="role_granted", role=new.value)
    ctx.audit(
        "user",
        user.id,
        display_name=display_name is not None,
        active=user.is_active,
        role=user.role,
        ended=ended,
    )
    return Changed(user, request, ended)


@action(
    "user.set_password",
    "Set the password of an account (the operator)",
    scope=Scope.system,
    audit="password_set",
)
def set_password(ctx: Context, account: Account, password: str) -> None:
    user = managed_user(ctx, account)
    user.password_hash = hash_password(password)
    user.failed_logins, user.locked_until = 0, None
    accounts.end_credentials(ctx.session, user, "password set")
    ctx.audit("user", user.id)


@action(
    "user.enrol_second_factor",
    "Enrol an account in a TOTP second factor (the operator); the secret is shown once",
    scope=Scope.system,
    audit="second_factor_enrolled",
)
def enrol_second_factor(ctx: Context, account: Account) -> str:
    user = managed_user(ctx, account)
    uri = accounts.enrol_totp(user)
    user.totp_last_step = None
    ctx.audit("user", user.id)
    return uri


@action(
    "user.designate_approver",
    "Designate (or stop designating) an account as its organisation's approver of "
    "accounts (the operator)",
    scope=Scope.system,
    audit="approver_designated",
)
def designate_approver(ctx: Context, account: Account, approves: bool = True) -> None:
    user = managed_user(ctx, account)
    user.approves_accounts = approves
    ctx.audit("user", user.id, approves=approves)


@action(
    "role_request.list",
    "The requests for a role which the caller may decide (the organisation's designated approver)",
    scope=Scope.decidable,
    read_only=True,
    unaudited_because="it shows account names and roles, never a record",
)
def role_requests_to_decide(ctx: Context) -> list[tuple[RoleRequest, User]]:
    pending = role_requests.pending_for(ctx.session, ctx.actor.signed_in)
    users = {
        u.id: u
        for u in ctx.session.scalars(select(User).where(User.id.in_([r.user_id for r in pending])))
    }
    return [(request, users[request.user_id]) for request in pending]


@action(
    "role_request.decide",
    "Approve or reject a request for a role (the organisation's designated approver; "
    "never one's own request or account)",
    scope=Scope.decidable,
    audit=("role_granted", "role_refused"),
)
def decide_role_request(
    ctx: Context, request_id: int, approve: bool, note: str | None = None
) -> RoleRequest:
    request, user = role_requests.decide(
        ctx.session, ctx.actor.signed_in, request_id, approve, note
    )
    ended = accounts.end_credentials(ctx.session, user, "role changed") if approve else 0
    ctx.audit(
        "user",
        user.id,
        entry="role_granted" if approve else "role_refused",
        role=request.role,
        request=request.id,
        ended=ended,
    )
    return request

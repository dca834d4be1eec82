"""Sharing groups: organisations that share with each other (a cross-border task
force).  The system operator, or an administrator of the group's owner
organisation, creates a group and changes its members; a change takes effect at once
(the visibility rule reads membership in the same query as the records).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from amanat.access import groups
from amanat.access.accounts import organisation_by_code
from amanat.access.roles import Permission
from amanat.access.sharing import NotFound
from amanat.actions.accounts import USERS_AND_OPERATOR
from amanat.actions.actor import Credential
from amanat.actions.door import Context, Scope, action
from amanat.federation import reach
from amanat.language.i18n import N_
from amanat.register import Organisation
from amanat.register.sharing_group import SharingGroup, SharingGroupMember


def _owned(ctx: Context, name: str) -> SharingGroup:
    """A group the caller runs: any for the operator, else one its organisation owns."""
    group = groups.group_by_name(ctx.session, name)
    if ctx.actor.credential is not Credential.operator and group.owner_org_id != ctx.viewer.org_id:
        raise NotFound(N_("sharing group %(name)r not found"), name=name)
    return group


@action(
    "group.add",
    "Create a sharing group (its owner organisation is its first member)",
    scope=Scope.directory,
    permission=Permission.administer,
    credentials=USERS_AND_OPERATOR,
    audit="group_added",
)
def add_group(
    ctx: Context, name: str, owner_code: str | None = None, description: str | None = None
) -> SharingGroup:
    """``owner_code``: the operator names the owner; an administrator's own
    organisation owns what it creates."""
    if ctx.actor.credential is not Credential.operator or owner_code is None:
        org = ctx.session.get(Organisation, ctx.viewer.org_id)
        assert org is not None
        owner_code = org.code
    group = groups.add_group(ctx.session, name, owner_code, description)
    ctx.audit("sharing_group", group.id, name=name)
    return group


@action(
    "group.add_member",
    "Add an organisation to a sharing group; it sees the group's records at once",
    scope=Scope.own_organisation,
    permission=Permission.administer,
    credentials=USERS_AND_OPERATOR,
    audit="group_member_added",
)
def add_member(ctx: Context, name: str, org_code: str) -> None:
    group = _owned(ctx, name)
    groups.add_member(ctx.session, name, org_code)
    # An organisation of a peer node: the group's records go to that node now.
    reach.group_changed(ctx.session, group.id, organisation_by_code(ctx.session, org_code).id)
    ctx.audit("sharing_group", group.id, org=org_code)


@action(
    "group.remove_member",
    "Remove an organisation from a sharing group; it loses access at once",
    scope=Scope.own_organisation,
    permission=Permission.administer,
    credentials=USERS_AND_OPERATOR,
    audit="group_member_removed",
)
def remove_member(ctx: Context, name: str, org_code: str) -> bool:
    group = _owned(ctx, name)
    removed = groups.remove_member(ctx.session, name, org_code)
    if removed:  # an organisation of a peer node: its node is sent their withdrawal
        org = organisation_by_code(ctx.session, org_code)
        reach.group_changed(ctx.session, group.id, org.id)
    ctx.audit("sharing_group", group.id, org=org_code, was_member=removed)
    return removed


@action(
    "group.members",
    "The member organisations of a sharing group",
    scope=Scope.directory,
    read_only=True,
    credentials=USERS_AND_OPERATOR,
    unaudited_because="organisation codes, no record",
)
def members(ctx: Context, name: str) -> list[str]:
    return groups.member_codes(ctx.session, name)


@dataclass(frozen=True)
class Run:
    group: SharingGroup
    members: list[Organisation]


@action(
    "group.list",
    "The sharing groups the caller runs, with their members (an administrator: those "
    "its organisation owns; the operator: every group)",
    scope=Scope.own_organisation,
    permission=Permission.administer,
    credentials=USERS_AND_OPERATOR,
    read_only=True,
    unaudited_because="group names and organisations, no record",
)
def list_groups(ctx: Context) -> list[Run]:
    query = select(SharingGroup).order_by(SharingGroup.name)
    if ctx.actor.credential is not Credential.operator:
        query = query.where(SharingGroup.owner_org_id == ctx.viewer.org_id)
    found = list(ctx.session.scalars(query))
    members: dict[int, list[Organisation]] = {group.id: [] for group in found}
    rows = ctx.session.execute(
        select(SharingGroupMember.group_id, Organisation)
        .join(Organisation, Organisation.id == SharingGroupMember.org_id)
        .where(SharingGroupMember.group_id.in_(list(members)))
        .order_by(Organisation.code)
    )
    for group_id, org in rows:
        members[group_id].append(org)
    return [Run(group, members[group.id]) for group in found]

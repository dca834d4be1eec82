"""Originator control: asking a record's originator to let it reach another
organisation, and the originator's decision.  (Changing a record's own marking and
distribution is the originator's ``record.update`` and ``record.distribution``.)
A request about a record the asker cannot see is answered as one about a record
that does not exist.
"""

from __future__ import annotations

from sqlalchemy import select

from amanat.access import sharing
from amanat.access.models import RecordShare, ShareRequest
from amanat.access.roles import Permission
from amanat.actions.door import Context, Scope, action
from amanat.federation import reach
from amanat.register import Organisation
from amanat.register.sharing_group import SharingGroup, SharingGroupMember


@action(
    "share.ask",
    "Ask a record's originator to let it reach another organisation, saying why",
    scope=Scope.visible_records,
    permission=Permission.share,
    audit="share_request",
)
def ask(ctx: Context, kind: str, record_id: int, target: str, reason: str) -> ShareRequest:
    request = sharing.request_share(ctx.session, ctx.viewer, kind, record_id, target, reason)
    ctx.audit(request.record_kind, request.record_id, request=request.id)
    return request


@action(
    "share.requests",
    "The share requests one's organisation made, and those it must decide, newest first",
    scope=Scope.own_organisation,
    read_only=True,
    unaudited_because="requests about records, not the records; each one is audited",
)
def requests(
    ctx: Context, kind: str | None = None, record_id: int | None = None
) -> list[ShareRequest]:
    found = sharing.requests_for(ctx.session, ctx.viewer)
    if kind is not None:
        found = [r for r in found if r.record_kind == kind and r.record_id == record_id]
    return found


@action(
    "share.decide",
    "The originator approves a share request (the record reaches the target at once) or rejects it",
    scope=Scope.decidable,
    permission=Permission.approve,
    audit="share_decision",
)
def decide(ctx: Context, request_id: int, approve: bool, note: str | None = None) -> ShareRequest:
    request = sharing.decide(ctx.session, ctx.viewer, request_id, approve, note)
    if approve and request.target_org_id is not None:  # of a peer node: sent to it now
        shared = [(request.record_kind, request.record_id)]
        reach.shares_changed(ctx.session, request.target_org_id, shared)
    ctx.audit(request.record_kind, request.record_id, request=request.id, approved=approve)
    return request


@action(
    "share.shared_with",
    "The organisations one's own record was shared with by name",
    scope=Scope.own_organisation,
    read_only=True,
    unaudited_because="about one's own organisation's record",
)
def shared_with(ctx: Context, kind: str, record_id: int) -> list[Organisation]:
    record = sharing.visible_record(ctx.session, ctx.viewer, kind, record_id)
    if record.org_id != ctx.viewer.org_id:
        return []
    query = (
        select(Organisation)
        .join(RecordShare, RecordShare.org_id == Organisation.id)
        .where(RecordShare.record_kind == kind, RecordShare.record_id == record_id)
        .order_by(Organisation.code)
    )
    return list(ctx.session.scalars(query))


@action(
    "share.groups",
    "The sharing groups one's own organisation belongs to (those it may mark records for)",
    scope=Scope.own_organisation,
    read_only=True,
    unaudited_because="the directory of sharing groups is not a record of anyone's",
)
def groups(ctx: Context) -> list[SharingGroup]:
    query = (
        select(SharingGroup)
        .join(SharingGroupMember, SharingGroupMember.group_id == SharingGroup.id)
        .where(SharingGroupMember.org_id == ctx.viewer.org_id)
        .order_by(SharingGroup.name)
    )
    return list(ctx.session.scalars(query))

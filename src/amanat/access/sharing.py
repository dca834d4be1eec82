"""Changing how a record is shared, and originator control.

The owner organisation sets a record's marking and distribution, within what its
TLP allows.  Anyone else who wants a record to reach an organisation it has not
reached asks the originator: a request, then approve or reject, recorded and
visible to both sides.  A request about a record the asker cannot see is answered
exactly as one about a record that does not exist.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from amanat.access.groups import member_group_id
from amanat.access.models import RecordShare, ShareRequest
from amanat.access.roles import Permission, require
from amanat.access.visibility import (
    DISTRIBUTIONS,
    Viewer,
    distribution_allowed,
    record_kind,
    visible,
)
from amanat.language.i18n import N_
from amanat.language.refusal import Refusal
from amanat.register import RECORD_KINDS, InvalidValue, Organisation
from amanat.register.base import utcnow


class NotFound(Refusal, LookupError):
    """No such record — or one the user may not see; the two are not told apart."""


def shareable_model(kind: str) -> Any:
    model = RECORD_KINDS.get(kind)
    if model is None or not hasattr(model, "distribution"):
        raise NotFound(N_("%(kind)s not found"), kind=kind)
    return model


def visible_record(session: Session, viewer: Viewer, kind: str, record_id: int) -> Any:
    model = shareable_model(kind)
    record = session.scalar(select(model).where(model.id == record_id, visible(model, viewer)))
    if record is None:
        raise NotFound(N_("%(kind)s %(record_id)s not found"), kind=kind, record_id=record_id)
    return record


def set_distribution(
    session: Session,
    viewer: Viewer,
    kind: str,
    record_id: int,
    distribution: str,
    group_name: str | None = None,
) -> None:
    """The owner changes who a record reaches, within what its TLP allows."""
    require(viewer.role, Permission.share, f"{kind} {record_id}")
    record = visible_record(session, viewer, kind, record_id)
    if record.org_id != viewer.org_id:
        raise PermissionError(
            "permission denied: only the originator changes a record's distribution; "
            "ask it with a share request"
        )
    if distribution not in DISTRIBUTIONS:
        raise InvalidValue(
            "distribution",
            distribution,
            N_("is not one of %(choices)s"),
            choices=DISTRIBUTIONS,
        )
    if not distribution_allowed(record.tlp, distribution):
        raise InvalidValue(
            "distribution", distribution, N_("is wider than TLP:%(tlp)s allows"), tlp=record.tlp
        )
    group_id = None
    if distribution == "group":
        group_id = member_group_id(session, group_name, viewer.org_id)
        if group_id is None:
            raise InvalidValue("sharing_group", group_name, N_("is not a sharing group of yours"))
    record.distribution, record.sharing_group_id = distribution, group_id


def request_share(
    session: Session,
    viewer: Viewer,
    kind: str,
    record_id: int,
    target_org_code: str,
    reason: str,
) -> ShareRequest:
    """Ask the originator to share a record with another organisation."""
    require(viewer.role, Permission.share, f"{kind} {record_id}")
    record = visible_record(session, viewer, kind, record_id)
    target = session.scalar(select(Organisation).where(Organisation.code == target_org_code))
    if target is None:
        raise InvalidValue("target", target_org_code, N_("is not a registered organisation"))
    if not reason.strip():
        raise InvalidValue(
            "reason", reason, N_("is required: say why the record should go further")
        )
    request = ShareRequest(
        record_kind=record_kind(type(record)),
        record_id=record.id,
        owner_org_id=record.org_id,
        requested_by_user_id=viewer.user_id,
        requesting_org_id=viewer.org_id,
        target_org_id=target.id,
        reason=reason.strip(),
    )
    session.add(request)
    session.flush()
    return request


def requests_for(session: Session, viewer: Viewer) -> list[ShareRequest]:
    """Requests the user's organisation made or must decide, newest first."""
    query = (
        select(ShareRequest)
        .where(
            or_(
                ShareRequest.owner_org_id == viewer.org_id,
                ShareRequest.requesting_org_id == viewer.org_id,
            )
        )
        .order_by(ShareRequest.requested_at.desc(), ShareRequest.id.desc())
    )
    return list(session.scalars(query))


def decide(
    session: Session, viewer: Viewer, request_id: int, approve: bool, note: str | None = None
) -> ShareRequest:
    """The originator approves (the record reaches the target at once) or rejects."""
    require(viewer.role, Permission.approve, "share requests")
    request = session.get(ShareRequest, request_id)
    if request is None or request.owner_org_id != viewer.org_id:
        raise NotFound(N_("share request %(request_id)s not found"), request_id=request_id)
    if request.status != "pending":
        raise InvalidValue("status", request.status, N_("is already decided"))
    request.status = "approved" if approve else "rejected"
    request.decided_by_user_id = viewer.user_id
    request.decided_at = utcnow()
    request.decision_note = note
    if approve and request.target_org_id is not None:
        session.add(
            RecordShare(
                record_kind=request.record_kind,
                record_id=request.record_id,
                org_id=request.target_org_id,
                granted_by_user_id=viewer.user_id,
            )
        )
    session.flush()
    return request

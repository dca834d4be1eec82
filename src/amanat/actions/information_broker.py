"""The information broker between NGOs and the police (the OSCE's term): a case worker
asking whether a trafficker her client names is known learns only hit or no hit
(``discovery.BROKERED``); the holder of the record hit sees that an NGO asked, and why,
and may ask that NGO what its client said.  The NGO answers in its own words (the
request's note), or declines; it never sees the holder's record, and the holder never
learns the client.  The request is an ordinary request for information the other way
round, with its deadline, inbox, alerts and audit entries (``information_requests``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from amanat.access.models import User
from amanat.access.roles import Permission
from amanat.access.sharing import NotFound
from amanat.actions.discovery import brokered
from amanat.actions.door import Context, Scope, action
from amanat.actions.errors import FieldProblem
from amanat.actions.information_requests import DEADLINE_HOURS, PENDING, is_brokered, terms
from amanat.discovery.models import DiscoveryHit, InformationRequest
from amanat.language.i18n import N_
from amanat.register import Organisation
from amanat.register.base import utcnow

__all__ = ["ask_back", "is_brokered"]


def _brokered_hit(ctx: Context, reference: str) -> DiscoveryHit:
    """A hit on one of the caller's organisation's records by an NGO's query."""
    found = ctx.session.execute(
        select(DiscoveryHit, User.role)
        .join(User, User.id == DiscoveryHit.asker_user_id)
        .where(
            DiscoveryHit.reference == reference,
            DiscoveryHit.holder_org_id == ctx.viewer.org_id,
            DiscoveryHit.asker_org_id.is_not(None),
        )
        .limit(1)
    ).first()
    if found is None or not brokered(found[1]) or not isinstance(reference, str):
        raise NotFound(N_("reference %(reference)s not found"), reference=reference)
    return found[0]


@action(
    "rfi.ask_back",
    "The holder of a record an NGO's query hit asks that NGO what its client said: the "
    "NGO answers in its own words or declines, and neither side sees the other's records",
    scope=Scope.own_organisation,
    permission=Permission.discover,
    audit="rfi.filed",
)
def ask_back(
    ctx: Context,
    reference: str,
    purpose: str,
    basis: str,
    urgency: str = "routine",
    handling: str = "H0",
    deadline_hours: int = DEADLINE_HOURS,
) -> InformationRequest:
    purpose = terms(purpose, basis, urgency, handling)
    hit = _brokered_hit(ctx, reference)
    filed = ctx.session.scalar(
        select(InformationRequest.id).where(
            InformationRequest.reference == reference,
            InformationRequest.asker_org_id == ctx.viewer.org_id,
        )
    )
    if filed is not None:
        raise FieldProblem(
            ("body", "reference"), N_("already requested (request %(request)s)"), request=filed
        )
    ngo = ctx.session.get(Organisation, hit.asker_org_id)
    assert ngo is not None
    now = utcnow()
    request = InformationRequest(
        reference=reference,
        holder_org_id=ngo.id,
        asker_org_id=ctx.viewer.org_id,
        asker_user_id=ctx.viewer.user_id,
        # The NGO asked under its own name: the holder knows whom it asks.
        shown_holder=ngo.code,
        shown_country=ngo.country,
        purpose=purpose,
        legal_basis=basis,
        urgency=urgency,
        handling=handling,
        requested_at=now,
        due_at=now + dt.timedelta(hours=deadline_hours),
        status=PENDING,
    )
    ctx.session.add(request)
    ctx.session.flush()
    ctx.audit(
        "information_request",
        request.id,
        purpose=purpose,
        reference=reference,
        holder_org_id=ngo.id,
        legal_basis=basis,
        urgency=urgency,
        handling=handling,
        brokered=True,
    )
    return request

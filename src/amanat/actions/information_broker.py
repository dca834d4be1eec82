"""The information broker between NGOs and the police (the OSCE's term): a case worker
asking whether a trafficker her client names is known learns only hit or no hit
(``discovery.BROKERED``); the holder of the record hit sees that an NGO asked, and why,
and may ask that NGO what its client said.  The NGO answers in its own words (the
request's note), or declines; it never sees the holder's record, and the holder never
learns the client.  The request is an ordinary request for information the other way
round, with its deadline, inbox, alerts and audit entries (``information_requests``).
"""

from __future__ import annotations

from sqlalchemy import select

from amanat.access.models import User
from amanat.access.roles import Permission
from amanat.access.sharing import NotFound
from amanat.actions.discovery import brokered
from amanat.actions.door import Context, Scope, action
from amanat.actions.information_requests import (
    DEADLINE_HOURS,
    is_brokered,
    open_request,
    terms,
)
from amanat.discovery.models import DiscoveryHit, InformationRequest
from amanat.language.i18n import N_
from amanat.register import Organisation

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
    ngo = ctx.session.get(Organisation, hit.asker_org_id)
    assert ngo is not None
    # The NGO asked under its own name: the holder knows whom it asks.
    return open_request(
        ctx,
        reference,
        ngo.id,
        (ngo.code, ngo.country),
        (purpose, basis, urgency, handling),
        deadline_hours,
        brokered=True,
    )

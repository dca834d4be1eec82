"""Making a referral: only the organisation that registered the victim refers her, only
to an organisation the directory lists for the service, and only under her consent
to share with that organisation for assistance — recorded here when she gives it now
(the form asks for it when none is on her record).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm.exc import StaleDataError

from amanat.access.roles import Permission
from amanat.access.sharing import NotFound, visible_record
from amanat.actions.door import Context, Scope, action
from amanat.actions.errors import FieldProblem
from amanat.actions.named import BIGGEST_ID
from amanat.actions.records.changes import OriginatorOnly
from amanat.actions.referrals.consent import PURPOSE, consent_for
from amanat.actions.referrals.opening import open_records
from amanat.actions.services import offering
from amanat.language.i18n import N_
from amanat.register import Consent, Referral, ReferralEvent, Victim
from amanat.register.base import utcnow
from amanat.vocab import vocabulary

NOTE_LENGTH = 2000
NOT_OFFERED = N_("does not offer this service in the directory of service providers")
OWN_ORGANISATION = N_("is your own organisation: a referral goes to another")
NO_CONSENT = N_(
    "the victim has not consented to sharing her record with this organisation for "
    "assistance: ask her, and record her consent with the referral"
)


@dataclass(frozen=True)
class GivenConsent:
    """Her consent, given now, to share her record with the receiver for assistance."""

    given_on: dt.date
    # Whether she also agrees that the receiver may know who she is; without it the
    # receiver sees her record under its pseudonym only.
    identity: bool


def _text(value: str | None, field: str) -> str | None:
    text = (value or "").strip()
    if len(text) > NOTE_LENGTH or "\x00" in text:
        raise FieldProblem(
            ("body", field),
            N_("must be at most %(length)s characters"),
            None,
            length=NOTE_LENGTH,
        )
    return text or None


def _check_choice(ctx: Context, service: str, provider_org_id: int) -> None:
    if service not in vocabulary("assistance_kind"):
        raise FieldProblem(("body", "service"), N_("is not a kind of assistance"), service)
    if provider_org_id == ctx.viewer.org_id:
        raise FieldProblem(("body", "provider_org_id"), OWN_ORGANISATION, provider_org_id)
    if not 0 < provider_org_id <= BIGGEST_ID or not offering(ctx, service, provider_org_id):
        raise FieldProblem(("body", "provider_org_id"), NOT_OFFERED, provider_org_id)


def _consent(
    ctx: Context, victim: Victim, provider_org_id: int, given: GivenConsent | None
) -> Consent | None:
    """The consent recorded now, if she gave one; refused when she has none."""
    if given is None:
        if consent_for(victim, provider_org_id) is None:
            raise FieldProblem(("body", "consent"), NO_CONSENT, provider_org_id)
        return None
    if given.given_on > dt.date.today():
        raise FieldProblem(("body", "consent", "given_on"), N_("is in the future"), given.given_on)
    recorded = Consent(
        purpose=PURPOSE,
        granted_to_org_id=provider_org_id,
        given_on=given.given_on,
        identity=given.identity,
    )
    victim.consents.append(recorded)
    # Her record changed: its version moves on, so an edit form open on it is told.
    victim.updated_at = utcnow()
    return recorded


@action(
    "referral.add",
    "Refer a victim one's own organisation registered to an organisation the directory "
    "lists for the service, under her consent to share with it for assistance (recorded "
    "when she gives it now); her records reach the receiver by name",
    scope=Scope.own_organisation,
    permission=Permission.update,
    audit=("referral", "consent"),
)
def add(
    ctx: Context,
    victim_id: int,
    service: str,
    provider_org_id: int,
    *,
    consent: GivenConsent | None = None,
    referred_on: dt.date | None = None,
    note: str | None = None,
    version: int | None = None,
) -> Referral:
    """``version``: the victim's, as the form read it (a different one is a conflict)."""
    viewer = ctx.viewer
    if not 0 < victim_id <= BIGGEST_ID:
        raise NotFound(N_("victim %(victim_id)s not found"), victim_id=victim_id)
    victim: Victim = visible_record(ctx.session, viewer, "victim", victim_id)
    if victim.org_id != viewer.org_id:
        raise OriginatorOnly("victim", victim_id, N_("refers"))
    if version is not None and version != victim.version:
        raise StaleDataError(f"victim {victim_id} is at version {victim.version}, not {version}")
    _check_choice(ctx, service, provider_org_id)
    day = referred_on or dt.date.today()
    if day > dt.date.today():
        raise FieldProblem(("body", "referred_on"), N_("is in the future"), day.isoformat())
    text = _text(note, "note")
    recorded = _consent(ctx, victim, provider_org_id, consent)
    made = Referral(
        victim_id=victim.id,
        service=service,
        from_org_id=viewer.org_id,
        provider_org_id=provider_org_id,
        status="referred",
        referred_on=day,
        referred_by_user_id=viewer.user_id,
        note=text,
        events=[
            ReferralEvent(status="referred", by_org_id=viewer.org_id, by_user_id=viewer.user_id)
        ],
    )
    ctx.session.add(made)
    made.opened_victim, made.opened_person = open_records(
        ctx.session, victim, provider_org_id, viewer.user_id
    )
    ctx.session.flush()
    opened = [
        k for k, done in (("victim", made.opened_victim), ("person", made.opened_person)) if done
    ]
    ctx.audit(
        "victim",
        victim.id,
        owner_org_id=victim.org_id,
        referral=made.id,
        service=service,
        provider_org_id=provider_org_id,
        opened=",".join(opened) or "none",
    )
    if recorded is not None:
        ctx.audit(
            "victim",
            victim.id,
            entry="consent",
            purpose=PURPOSE,
            owner_org_id=victim.org_id,
            granted_to_org_id=provider_org_id,
            identity=recorded.identity,
        )
    return made

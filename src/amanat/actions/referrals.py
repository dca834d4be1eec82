"""Referrals: a victim referred to a service (a shelter, legal aid), and the
receiving organisation's answer.

A referral is an assistance entry of the victim record, so only the organisation
that registered the victim adds one (a change of the record, ``record.update``).
The provider it names says whether it took the victim in and when the help is
done; it need not see the victim record, so its answer is checked against the
status it saw (not the record's version), and a referral to someone else is not
found.  The provider sees the victim's pseudonym only if the record is shared
with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from amanat.access.reads import read_many
from amanat.access.roles import Permission
from amanat.access.sharing import NotFound, visible_record
from amanat.access.visibility import visible
from amanat.actions.door import Audited, Context, Scope, action
from amanat.actions.errors import FieldProblem
from amanat.actions.named import BIGGEST_ID, victim_pseudonyms
from amanat.actions.records import update_record
from amanat.actions.records.changes import OriginatorOnly
from amanat.register import Assistance, Victim
from amanat.register.base import utcnow

PROVIDER_STATUSES = (
    "accepted",
    "in_progress",
    "completed",
    "refused_by_provider",
    "declined_by_victim",
)
# An assistance entry's own fields, as ``record.update`` takes them.
ENTRY_FIELDS = ("kind", "status", "provider_org_id", "referred_on", "completed_on", "note")
LIST_SIZE = 200


@dataclass(frozen=True)
class Referral:
    entry: Assistance
    victim_id: int
    # The organisation that registered the victim (and referred it).
    victim_org_id: int
    # None: the victim record is not shared with the caller.
    pseudonym: str | None


@dataclass(frozen=True)
class Referrals:
    made: list[Referral]
    received: list[Referral]


def _rows(ctx: Context, mine: Any) -> list[tuple[Assistance, Victim]]:
    query = (
        select(Assistance, Victim)
        .join(Victim, Victim.id == Assistance.victim_id)
        .where(mine, Victim.deleted_at.is_(None))
        .order_by(Assistance.id.desc())
        .limit(LIST_SIZE)
    )
    return [(entry, victim) for entry, victim in ctx.session.execute(query)]


@action(
    "referral.list",
    "The referrals one's own organisation made, and those made to it (the victim by "
    "pseudonym where its record is shared with the caller)",
    scope=Scope.own_organisation,
    permission=Permission.read,
    read_only=True,
    audit="read",
    audited=Audited.reads,
)
def referrals(ctx: Context) -> Referrals:
    viewer = ctx.viewer
    made = _rows(ctx, Victim.org_id == viewer.org_id)
    received = _rows(ctx, Assistance.provider_org_id == viewer.org_id)
    asked = sorted({v.id for _, v in made + received})
    shown = {
        v.id: v
        for v in ctx.session.scalars(
            select(Victim).where(Victim.id.in_(asked), visible(Victim, viewer))
        )
    }
    read_many(ctx.session, viewer, list(shown.values()), "referrals")
    names = victim_pseudonyms(ctx.session, shown.values())

    def referral(entry: Assistance, victim: Victim) -> Referral:
        return Referral(entry, victim.id, victim.org_id, names.get(victim.id))

    return Referrals([referral(*row) for row in made], [referral(*row) for row in received])


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


@action(
    "referral.add",
    "Refer a victim one's own organisation registered to a service, at the version read",
    scope=Scope.own_organisation,
    permission=Permission.update,
    audit="referral",
)
def add(ctx: Context, victim_id: int, entry: Mapping[str, Any], version: int) -> Victim:
    """The victim with ``entry`` added to its assistance (a change of the record,
    ``record.update``, which keeps originator control and the version check)."""
    if not 0 < victim_id <= BIGGEST_ID:
        raise NotFound(f"victim {victim_id} not found")
    current = visible_record(ctx.session, ctx.viewer, "victim", victim_id)
    if current.org_id != ctx.viewer.org_id:
        raise OriginatorOnly("victim", victim_id, "refers")
    existing = [
        {k: _json(getattr(a, k)) for k in ENTRY_FIELDS if getattr(a, k) is not None}
        for a in current.assistance
    ]
    changes = {"assistance": [*existing, dict(entry)]}
    victim: Victim = update_record(ctx, "victim", victim_id, changes, version)
    ctx.audit(
        "victim",
        victim.id,
        owner_org_id=victim.org_id,
        kind=str(entry.get("kind")),
        provider_org_id=entry.get("provider_org_id"),
    )
    return victim


@action(
    "referral.status",
    "The organisation a referral was made to accepts, declines or completes it, "
    "against the status it saw",
    scope=Scope.decidable,
    permission=Permission.update,
    audit="referral_status",
)
def set_status(ctx: Context, assistance_id: int, status: str, seen: str) -> Assistance:
    """``seen`` is the status shown when the user chose: a different one now is a
    conflict, and nothing is saved."""
    viewer = ctx.viewer
    row = ctx.session.get(Assistance, assistance_id) if 0 < assistance_id <= BIGGEST_ID else None
    victim = ctx.session.get(Victim, row.victim_id) if row is not None else None
    if row is None or victim is None or victim.deleted_at is not None:
        raise NotFound(f"referral {assistance_id} not found")
    if row.provider_org_id != viewer.org_id:
        raise NotFound(f"referral {assistance_id} not found")
    if status not in PROVIDER_STATUSES:
        raise FieldProblem(("body", "status"), "is not a status a provider can set", status)
    if row.status != seen:
        raise StaleDataError(f"referral {assistance_id} is now {row.status}")
    row.status = status
    if status == "completed" and row.completed_on is None:
        row.completed_on = dt.date.today()
    # The victim record changed: its version moves on, so an edit the owner has open
    # is told rather than overwriting the provider's answer.
    victim.updated_at = utcnow()
    ctx.session.flush()
    ctx.audit(
        "victim",
        victim.id,
        owner_org_id=victim.org_id,
        assistance=row.id,
        status=status,
    )
    return row


# ``referral.add`` and the change of the record it makes (adapters bind both).
ADDING = (add, update_record)

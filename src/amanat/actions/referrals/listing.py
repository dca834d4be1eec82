"""The referrals one's organisation made and received, and those of one victim.

The victim is named by her pseudonym wherever her record is open to the caller
(a referral opens it to the receiver, and a decline closes it again); each one named
is an audited read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from amanat.access.reads import read_many
from amanat.access.roles import Permission
from amanat.access.sharing import NotFound, visible_record
from amanat.access.visibility import visible
from amanat.actions.door import Audited, Context, Scope, action
from amanat.actions.named import BIGGEST_ID, victim_pseudonyms
from amanat.register import Referral, Victim

LIST_SIZE = 200


@dataclass(frozen=True)
class Listed:
    referral: Referral
    # None: her record is not open to the caller (any more).
    pseudonym: str | None


@dataclass(frozen=True)
class Referrals:
    made: list[Listed]
    received: list[Listed]


def _rows(ctx: Context, mine: Any) -> list[tuple[Referral, Victim]]:
    query = (
        select(Referral, Victim)
        .join(Victim, Victim.id == Referral.victim_id)
        .where(mine, Victim.deleted_at.is_(None))
        .options(selectinload(Referral.events))
        .order_by(Referral.updated_at.desc(), Referral.id.desc())
        .limit(LIST_SIZE)
    )
    return [(referral, victim) for referral, victim in ctx.session.execute(query)]


@action(
    "referral.list",
    "The referrals one's own organisation made, and those made to it, with every answer "
    "(the victim by pseudonym where her record is open to the caller)",
    scope=Scope.own_organisation,
    permission=Permission.read,
    read_only=True,
    audit="read",
    audited=Audited.reads,
)
def referrals(ctx: Context) -> Referrals:
    viewer = ctx.viewer
    made = _rows(ctx, Referral.from_org_id == viewer.org_id)
    received = _rows(ctx, Referral.provider_org_id == viewer.org_id)
    asked = sorted({v.id for _, v in made + received})
    shown = {
        v.id: v
        for v in ctx.session.scalars(
            select(Victim).where(Victim.id.in_(asked), visible(Victim, viewer))
        )
    }
    read_many(ctx.session, viewer, list(shown.values()), "referrals")
    names = victim_pseudonyms(ctx.session, shown.values())
    return Referrals(
        [Listed(r, names.get(v.id)) for r, v in made],
        [Listed(r, names.get(v.id)) for r, v in received],
    )


@action(
    "referral.of_victim",
    "The referrals of a victim whose record the caller may see: all of them for her "
    "organisation, those made to the caller's organisation for anyone else",
    scope=Scope.visible_records,
    permission=Permission.read,
    read_only=True,
    unaudited_because="the referrals of a record its page has just read, and audited",
)
def of_victim(ctx: Context, victim_id: int) -> list[Referral]:
    if not 0 < victim_id <= BIGGEST_ID:
        raise NotFound(f"victim {victim_id} not found")
    victim = visible_record(ctx.session, ctx.viewer, "victim", victim_id)
    query = select(Referral).where(Referral.victim_id == victim.id)
    if victim.org_id != ctx.viewer.org_id:
        query = query.where(Referral.provider_org_id == ctx.viewer.org_id)
    query = query.options(selectinload(Referral.events)).order_by(Referral.id)
    return list(ctx.session.scalars(query))

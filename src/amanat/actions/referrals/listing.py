"""The referrals one's organisation made and received, and those of one victim.

The two lists are filtered (status, service), sorted and paged each on its own
(``amanat.actions.paging``); the inbox asks for those waiting for an answer or a look.

The victim is named by her pseudonym wherever her record is open to the caller
(a referral opens it to the receiver, and a decline closes it again); each one named
is an audited read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from amanat.access.reads import read_many
from amanat.access.roles import Permission
from amanat.access.sharing import NotFound, visible_record
from amanat.access.visibility import visible
from amanat.actions.door import Audited, Context, Scope, action
from amanat.actions.errors import FieldProblem
from amanat.actions.named import BIGGEST_ID, victim_pseudonyms
from amanat.actions.paging import Paging, paging
from amanat.language.i18n import N_
from amanat.register import Referral, Victim

PAGE_SIZE = 50
# Sort orders: name -> the order of the rows.
SORTS: dict[str, tuple[Any, ...]] = {
    "updated": (Referral.updated_at.desc(), Referral.id.desc()),
    "referred_latest": (Referral.referred_on.desc(), Referral.id.desc()),
    "referred_earliest": (Referral.referred_on.asc(), Referral.id.asc()),
}


@dataclass(frozen=True)
class Wanted:
    """Which referrals; every filter is optional, and each list has its own page."""

    # an assistance_status code
    status: str | None = None
    # an assistance_kind code
    service: str | None = None
    sort: str = "updated"
    made_page: int | None = None
    received_page: int | None = None
    # Only those waiting: received and not answered, made and answered but not yet seen.
    waiting: bool = False


@dataclass(frozen=True)
class Listed:
    referral: Referral
    # None: her record is not open to the caller (any more).
    pseudonym: str | None


@dataclass(frozen=True)
class Referrals:
    made: list[Listed]
    received: list[Listed]
    made_paging: Paging
    received_paging: Paging


def _query(wanted: Wanted, mine: Any) -> Select[Referral, Victim]:
    query = (
        select(Referral, Victim)
        .join(Victim, Victim.id == Referral.victim_id)
        .where(mine, Victim.deleted_at.is_(None))
    )
    if wanted.status:
        query = query.where(Referral.status == wanted.status)
    if wanted.service:
        query = query.where(Referral.service == wanted.service)
    return query.order_by(*SORTS[wanted.sort])


def _page(
    ctx: Context, query: Select[Referral, Victim], number: int | None
) -> tuple[list[tuple[Referral, Victim]], Paging]:
    page = paging(ctx.session, query, number, PAGE_SIZE)
    rows = ctx.session.execute(page.cut(query).options(selectinload(Referral.events)))
    return [(referral, victim) for referral, victim in rows], page


@action(
    "referral.list",
    "The referrals one's own organisation made, and those made to it, with every answer "
    "(the victim by pseudonym where her record is open to the caller), filtered, sorted "
    "and a page at a time",
    scope=Scope.own_organisation,
    permission=Permission.read,
    read_only=True,
    audit="read",
    audited=Audited.reads,
)
def referrals(ctx: Context, wanted: Wanted | None = None) -> Referrals:
    wanted = wanted or Wanted()
    if wanted.sort not in SORTS:
        raise FieldProblem(
            ("sort",), N_("one of %(choices)s"), wanted.sort, choices=", ".join(SORTS)
        )
    viewer = ctx.viewer
    sent, to_us = Referral.from_org_id == viewer.org_id, Referral.provider_org_id == viewer.org_id
    if wanted.waiting:
        sent = sent & Referral.answer_noted.is_(False)
        to_us = to_us & (Referral.status == "referred")
    made, made_paging = _page(ctx, _query(wanted, sent), wanted.made_page)
    received, received_paging = _page(ctx, _query(wanted, to_us), wanted.received_page)
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
        made_paging,
        received_paging,
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
        raise NotFound(N_("victim %(victim_id)s not found"), victim_id=victim_id)
    victim = visible_record(ctx.session, ctx.viewer, "victim", victim_id)
    query = select(Referral).where(Referral.victim_id == victim.id)
    if victim.org_id != ctx.viewer.org_id:
        query = query.where(Referral.provider_org_id == ctx.viewer.org_id)
    query = query.options(selectinload(Referral.events)).order_by(Referral.id)
    return list(ctx.session.scalars(query))

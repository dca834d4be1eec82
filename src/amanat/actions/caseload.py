"""The caseload: the victims one's own organisation registered, by pseudonym, a page at a
time; found by her real name, filtered by status, service and referral, and sorted.

Her name is never stored or searched in plaintext: the name typed is folded and keyed
the way her sealed names were (``amanat.access.protected_names``), and only her own
organisation's case workers (the people who may see her identity) may search by it.  The
name is in no log and no audit entry: the trail records that a search by name was made
(the purpose of each victim read), not what was typed.  Each victim listed is a protected
record, so each is a read in the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, select

from amanat.access import protected_names
from amanat.access.reads import read_many
from amanat.access.roles import Permission, Role
from amanat.access.visibility import visible
from amanat.actions.door import Audited, Context, Scope, action
from amanat.actions.errors import FieldProblem
from amanat.actions.named import victim_pseudonyms
from amanat.actions.paging import Paging, paging
from amanat.actions.records.kinds import child_loads
from amanat.language.i18n import N_
from amanat.register import Assistance, Referral, Victim

PAGE_SIZE = 50
PURPOSE = "caseload"
# The purpose of the reads a search by name makes: the trail says a name was searched.
NAME_SEARCH = "caseload_name_search"
NOT_REFERRED = "none"
# Sort orders: name -> (column, descending); ties go to the newest record first.
SORTS = {
    "newest": (Victim.id, True),
    "oldest": (Victim.id, False),
    "identified_latest": (Victim.identified_on, True),
    "identified_earliest": (Victim.identified_on, False),
}
NAME_LIMIT = 200
# Why a name cannot be searched (``FieldProblem`` on "name"; never with the name in it).
NOT_A_CASE_WORKER = N_("only case workers, who may see her identity, search victims by name")
NO_KEY = N_("searching by name needs the vault's master key")
TOO_LONG = f"a name has at most {NAME_LIMIT} characters"
NO_WORD = N_("type at least one word of her name")


@dataclass(frozen=True)
class Wanted:
    """What the case worker asked for; every filter is optional."""

    name: str | None = None
    # trafficking_status code
    status: str | None = None
    # an assistance kind: given as assistance, or referred for
    service: str | None = None
    # a referral status, or NOT_REFERRED for victims never referred
    referral: str | None = None
    sort: str = "newest"
    page: int | None = None


@dataclass(frozen=True)
class Caseload:
    victims: list[Victim]
    # victim id -> the pseudonym of its person (``V#id`` when it has none).
    pseudonyms: dict[int, str]
    paging: Paging


def _by_name(ctx: Context, name: str) -> Any:
    """The condition "her names hold every word of ``name``"."""
    if ctx.viewer.role != Role.case_worker:
        raise FieldProblem(("name",), NOT_A_CASE_WORKER)
    if ctx.master_key is None:
        raise FieldProblem(("name",), NO_KEY)
    if len(name) > NAME_LIMIT:
        raise FieldProblem(("name",), TOO_LONG)
    persons = protected_names.persons_named(ctx.master_key, ctx.viewer.org_id, name)
    if persons is None:
        raise FieldProblem(("name",), NO_WORD)
    return Victim.person_id.in_(persons)


def _filters(wanted: Wanted) -> list[Any]:
    found: list[Any] = []
    if wanted.status:
        found.append(Victim.trafficking_status == wanted.status)
    if wanted.service:
        given = exists().where(Assistance.victim_id == Victim.id, Assistance.kind == wanted.service)
        referred = exists().where(
            Referral.victim_id == Victim.id, Referral.service == wanted.service
        )
        found.append(given | referred)
    if wanted.referral == NOT_REFERRED:
        found.append(~exists().where(Referral.victim_id == Victim.id))
    elif wanted.referral:
        found.append(
            exists().where(Referral.victim_id == Victim.id, Referral.status == wanted.referral)
        )
    return found


@action(
    "caseload.list",
    "The victims one's own organisation registered, a page at a time: found by her name "
    "(case workers), filtered by status, service and referral, and sorted",
    scope=Scope.own_organisation,
    permission=Permission.read,
    read_only=True,
    audit="read",
    audited=Audited.reads,
)
def caseload(ctx: Context, wanted: Wanted | None = None) -> Caseload:
    wanted = wanted or Wanted()
    if wanted.sort not in SORTS:
        raise FieldProblem(
            ("sort",), N_("one of %(choices)s"), wanted.sort, choices=", ".join(SORTS)
        )
    viewer = ctx.viewer
    query = select(Victim).where(
        Victim.org_id == viewer.org_id, visible(Victim, viewer), *_filters(wanted)
    )
    name = (wanted.name or "").strip()
    if name:
        query = query.where(_by_name(ctx, name))
    column, descending = SORTS[wanted.sort]
    order = column.desc().nulls_last() if descending else column.asc().nulls_last()
    query = query.order_by(order, Victim.id.desc())
    page = paging(ctx.session, query, wanted.page, PAGE_SIZE)
    victims = list(ctx.session.scalars(page.cut(query).options(*child_loads(Victim))))
    read_many(ctx.session, viewer, victims, NAME_SEARCH if name else PURPOSE)
    return Caseload(victims, victim_pseudonyms(ctx.session, victims), page)

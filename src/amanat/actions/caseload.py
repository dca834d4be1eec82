"""The caseload: the victims one's own organisation registered, newest first, by
pseudonym.  Each victim listed is a protected record, so each is a read in the
audit trail (purpose "caseload")."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from amanat.access.reads import read_many
from amanat.access.roles import Permission
from amanat.access.visibility import visible
from amanat.actions.door import Audited, Context, Scope, action
from amanat.actions.named import BIGGEST_ID, victim_pseudonyms
from amanat.actions.records.kinds import child_loads
from amanat.register import Victim

PAGE_SIZE = 50
PURPOSE = "caseload"


@dataclass(frozen=True)
class Caseload:
    victims: list[Victim]
    # victim id -> the pseudonym of its person (``V#id`` when it has none).
    pseudonyms: dict[int, str]
    # Where the next, older page starts (``before``), or None on the last page.
    older: int | None


@action(
    "caseload.list",
    "The victims one's own organisation registered, newest first, a page at a time",
    scope=Scope.own_organisation,
    permission=Permission.read,
    read_only=True,
    audit="read",
    audited=Audited.reads,
)
def caseload(ctx: Context, before: int | None = None) -> Caseload:
    viewer = ctx.viewer
    query = select(Victim).where(Victim.org_id == viewer.org_id, visible(Victim, viewer))
    if before is not None:
        query = query.where(Victim.id < min(max(before, 0), BIGGEST_ID))
    query = query.order_by(Victim.id.desc()).limit(PAGE_SIZE).options(*child_loads(Victim))
    victims = list(ctx.session.scalars(query))
    read_many(ctx.session, viewer, victims, PURPOSE)
    older = victims[-1].id if len(victims) == PAGE_SIZE else None
    return Caseload(victims, victim_pseudonyms(ctx.session, victims), older)

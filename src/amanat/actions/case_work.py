"""The cases that wait for someone's work, for the start pages: an investigator's
own cases with their next procedural deadline, a prosecutor's cases waiting for a
charging or a court decision, and the latest year a statistics officer has data for.

Deadlines come from the justice pipeline's dated events and the time limits in
``TIME_LIMITS``: after an arrest a charge is due within days, after an
investigation opens the case is due in court within months.  The limits are the
usual ones of the region's criminal procedure codes; an organisation whose code
differs changes them here.

The register has no assignment of cases to people, so "one's own cases" are the
cases one opened or changed in the last year (one's own entries in the audit
trail), with one's organisation's cases that are still open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, or_, select

from amanat.access.audit_store import AuditRecord
from amanat.access.reads import read_many
from amanat.access.roles import Permission
from amanat.access.visibility import visible
from amanat.actions.door import Audited, Context, Scope, action
from amanat.register import Case, PipelineEvent
from amanat.vocab import vocabulary

LIMIT = 15
OWN_WORK = dt.timedelta(days=365)
OPEN = ("reported", "investigation", "prosecution", "trial", "appeal")
CHARGING = ("suspect_identified", "arrested", "extradited")
COURT = ("prosecuted", "trial_opened")
VERDICT = ("convicted", "acquitted", "dismissed")


@dataclass(frozen=True)
class TimeLimit:
    after: str  # the stage that starts the clock
    due: tuple[str, ...]  # the stages that meet it
    days: int
    what: str  # what is due, in English (translated on the page)


TIME_LIMITS = (
    TimeLimit("arrested", ("charged", "dismissed"), 3, "charge after arrest"),
    TimeLimit("investigation_opened", ("prosecuted", "dismissed"), 60, "end of investigation"),
    TimeLimit("charged", ("prosecuted", "dismissed"), 30, "indictment to court"),
)


@dataclass(frozen=True)
class Deadline:
    due_on: dt.date
    what: str


@dataclass(frozen=True)
class CaseDue:
    case: Case
    deadline: Deadline | None


def next_deadline(events: list[tuple[str, dt.date]]) -> Deadline | None:
    """The earliest time limit a case's events leave running: a clock started by the
    latest event of its stage, not met by a later event of a meeting stage."""
    found: list[Deadline] = []
    for limit in TIME_LIMITS:
        started = [on for stage, on in events if stage == limit.after]
        if not started:
            continue
        start = max(started)
        if any(stage in limit.due and on >= start for stage, on in events):
            continue
        found.append(Deadline(start + dt.timedelta(days=limit.days), limit.what))
    return min(found, key=lambda d: d.due_on) if found else None


def _events(ctx: Context, case_ids: list[int]) -> dict[int, list[tuple[str, dt.date]]]:
    found: dict[int, list[tuple[str, dt.date]]] = {case_id: [] for case_id in case_ids}
    rows = ctx.session.execute(
        select(PipelineEvent.case_id, PipelineEvent.stage, PipelineEvent.occurred_on).where(
            PipelineEvent.case_id.in_(case_ids), visible(PipelineEvent, ctx.viewer)
        )
    )
    for case_id, stage, on in rows:
        found[case_id].append((stage, on))
    return found


def _stage(stages: tuple[str, ...]) -> ColumnElement[bool]:
    return exists().where(PipelineEvent.case_id == Case.id, PipelineEvent.stage.in_(stages))


def _shown(ctx: Context, cases: list[Case], purpose: str) -> list[CaseDue]:
    read_many(ctx.session, ctx.viewer, cases, purpose)
    events = _events(ctx, [case.id for case in cases])
    return [CaseDue(case, next_deadline(events[case.id])) for case in cases]


@action(
    "start.my_cases",
    "One's own cases (opened or changed by oneself) and one's organisation's open cases, "
    "with their next procedural deadline, the soonest first",
    scope=Scope.visible_records,
    permission=Permission.create,
    read_only=True,
    audit="read",
    audited=Audited.reads,
)
def my_cases(ctx: Context) -> list[CaseDue]:
    me = ctx.actor.signed_in.id
    # A year of one's own entries (the index on actor and time): older work is done.
    since = dt.datetime.now(dt.UTC) - OWN_WORK
    mine = select(AuditRecord.target_id).where(
        AuditRecord.actor_user_id == me,
        AuditRecord.at >= since,
        AuditRecord.target_kind == "case",
        AuditRecord.action.in_(("write", "update")),
    )
    own_ids = {int(str(i)) for i in ctx.session.scalars(mine.distinct()) if str(i).isdigit()}
    query = (
        select(Case)
        .where(
            visible(Case, ctx.viewer),
            Case.status.in_(OPEN),
            or_(Case.id.in_(sorted(own_ids)), Case.org_id == ctx.viewer.org_id),
        )
        .order_by(Case.updated_at.desc())
        .limit(LIMIT * 4)
    )
    shown = _shown(ctx, list(ctx.session.scalars(query)), "start page")
    far = dt.date.max
    shown.sort(key=lambda row: (row.deadline.due_on if row.deadline else far, -row.case.id))
    return shown[:LIMIT]


@dataclass(frozen=True)
class Decisions:
    charging: list[CaseDue]  # a suspect identified or arrested, not charged
    court: list[CaseDue]  # sent to court, no verdict yet


@action(
    "start.decisions",
    "Open cases one may see that wait for a charging decision (a suspect arrested or "
    "identified, no charge) or a court's decision (sent to court, no verdict)",
    scope=Scope.visible_records,
    permission=Permission.create,
    read_only=True,
    audit="read",
    audited=Audited.reads,
)
def decisions(ctx: Context) -> Decisions:
    def waiting(started: tuple[str, ...], ended: tuple[str, ...]) -> list[Case]:
        query = (
            select(Case)
            .where(
                visible(Case, ctx.viewer),
                Case.status.in_(OPEN),
                and_(_stage(started), ~_stage(ended)),
            )
            .order_by(Case.updated_at.desc())
            .limit(LIMIT)
        )
        return list(ctx.session.scalars(query))

    charging = waiting(CHARGING, ("charged", *COURT, *VERDICT))
    court = waiting(COURT, VERDICT)
    return Decisions(_shown(ctx, charging, "start page"), _shown(ctx, court, "start page"))


@action(
    "start.latest_year",
    "The latest year with justice-pipeline events or cases the caller may see",
    scope=Scope.visible_records,
    permission=Permission.read,
    read_only=True,
    unaudited_because="a year only: no record is shown",
)
def latest_year(ctx: Context) -> int | None:
    # The latest first, down an index ((stage, date) for events, the opening date for
    # cases), stopping at the first the caller may see: MAX() over the visible rows
    # tested every event of the region for visibility.
    def latest(column: Any, model: Any, *where: Any) -> Any:
        query = select(column).where(*where, column.is_not(None), visible(model, ctx.viewer))
        return ctx.session.scalar(query.order_by(column.desc()).limit(1))

    event = PipelineEvent.occurred_on
    stages = vocabulary("pipeline_stage").codes()
    dates: list[Any] = [latest(event, PipelineEvent, PipelineEvent.stage == s) for s in stages]
    dates.append(latest(Case.opened_on, Case))
    years = [d.year if isinstance(d, dt.date) else int(str(d)[:4]) for d in dates if d]
    return max(years) if years else None

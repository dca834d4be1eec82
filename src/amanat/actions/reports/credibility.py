"""The information credibility (Admiralty 1–6) suggested for a candidate event, from
corroboration: the analyst sets it, this only proposes.

1 "confirmed by other sources": a record the caller may see in the register says the
same (a seizure on that day in that country; a pipeline event of that stage on that
day).  2 "probably true": another of the organisation's reports proposes the same event
(kind, day, country).  4 "doubtfully true": the report hedges it ("reportedly").
Otherwise 6, "cannot be judged" — the register's own default.  An agency record that
corroborates a report is what the report adds to, never counted a second time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select

from amanat.access.visibility import visible
from amanat.actions.door import Context
from amanat.register import PipelineEvent, Seizure
from amanat.reports.models import Report, ReportCandidate

# The register's pipeline stage for each justice event a report states.
STAGES = {
    "arrest": "arrested",
    "charge": "charged",
    "prosecution": "prosecuted",
    "conviction": "convicted",
    "acquittal": "acquitted",
    "sentence": "sentenced",
}


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def in_register(ctx: Context, kind: str, details: dict[str, Any]) -> bool:
    day = _day(details.get("date"))
    country = (details.get("place") or {}).get("country")
    if day is None:
        return False
    if kind == "seizure" and country:
        query = select(func.count()).where(
            Seizure.seized_on == day,
            Seizure.country == country,
            Seizure.source_kind != "open_source",
            visible(Seizure, ctx.viewer),
        )
    elif kind in STAGES:
        query = select(func.count()).where(
            PipelineEvent.stage == STAGES[kind],
            PipelineEvent.occurred_on == day,
            PipelineEvent.source_kind != "open_source",
            visible(PipelineEvent, ctx.viewer),
        )
    else:
        return False
    return bool(ctx.session.scalar(query))


def same_event(a: dict[str, Any], b: dict[str, Any]) -> bool:
    place_a, place_b = a.get("place") or {}, b.get("place") or {}
    return (
        a.get("kind") == b.get("kind")
        and a.get("date") is not None
        and a.get("date") == b.get("date")
        and place_a.get("country") == place_b.get("country")
        and not a.get("negated")
        and not b.get("negated")
    )


def suggest(
    ctx: Context,
    report: Report,
    row: ReportCandidate,
    details: dict[str, Any],
    others: list[dict[str, Any]],
) -> str | None:
    """The suggested grade of an event candidate (None for a person)."""
    if row.kind == "person":
        return None
    if in_register(ctx, row.kind, details):
        return "1"
    if any(same_event(details, other) for other in others):
        return "2"
    return "4" if details.get("hedged") else "6"


def other_reports_events(ctx: Context, report: Report, open_details: Any) -> list[dict[str, Any]]:
    """The event candidates of the organisation's other reports, opened."""
    query = (
        select(ReportCandidate, Report)
        .join(Report, Report.id == ReportCandidate.report_id)
        .where(
            Report.org_id == report.org_id,
            Report.id != report.id,
            ReportCandidate.kind != "person",
        )
    )
    return [
        open_details(other_report, candidate)
        for candidate, other_report in ctx.session.execute(query).all()
    ]

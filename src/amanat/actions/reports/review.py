"""Reviewing a report's candidates: list and show them (with the register's people a
named person is likely the same as), confirm one into the register through
``record.create`` with the report as its source, or reject it.

Confirming writes the record the analyst accepts, with ``source_kind`` open_source, the
report's source, its reliability and the credibility she gives; the person found is
only linked as "likely the same as", never merged.  Rejecting writes nothing to the
register.  A negated event ("was not charged") is never confirmed as it stands.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from amanat.access.roles import Permission
from amanat.access.sharing import NotFound
from amanat.actions.door import Context, Scope, action
from amanat.actions.errors import FieldProblem
from amanat.actions.records.writing import create_records
from amanat.actions.reports import credibility
from amanat.actions.reports.sealing import open_json, open_text
from amanat.language.i18n import N_
from amanat.names import Decision, compare_names
from amanat.register import PersonName
from amanat.reports.entities import nominative_guess
from amanat.reports.models import CONFIRMED, PROPOSED, REJECTED, Report, ReportCandidate
from amanat.resolve.search import candidate_ids
from amanat.vocab.loader import vocabulary

LIKELY = 5
STAGES = credibility.STAGES


@dataclass(frozen=True)
class CandidateView:
    id: int
    kind: str
    status: str
    details: dict[str, Any]
    record: tuple[str, int] | None
    # (person id, score) of visible people the named person is likely the same as.
    likely: tuple[tuple[int, float], ...] = ()
    # The credibility corroboration suggests (``credibility``); None for a person.
    suggested_credibility: str | None = None


@dataclass(frozen=True)
class ReportView:
    id: int
    source_id: int
    published_on: dt.date
    language: str
    reliability: str
    text: str
    candidates: tuple[CandidateView, ...]


def _own_report(ctx: Context, report_id: int) -> Report:
    row = ctx.session.get(Report, report_id) if 0 < report_id < 2**63 else None
    if row is None or row.org_id != ctx.viewer.org_id:
        raise NotFound(N_("report %(report_id)s not found"), report_id=report_id)
    return row


def _own_candidate(
    ctx: Context, candidate_id: int, in_report: int | None = None
) -> tuple[ReportCandidate, Report]:
    """The candidate, of one of the organisation's reports (of ``in_report`` when
    given: a page decides only what it shows)."""
    row = ctx.session.get(ReportCandidate, candidate_id) if 0 < candidate_id < 2**63 else None
    report = ctx.session.get(Report, row.report_id) if row is not None else None
    if (
        row is None
        or report is None
        or report.org_id != ctx.viewer.org_id
        or (in_report is not None and report.id != in_report)
    ):
        raise NotFound(N_("candidate %(candidate_id)s not found"), candidate_id=candidate_id)
    return row, report


def _details(ctx: Context, report: Report, row: ReportCandidate) -> dict[str, Any]:
    found: dict[str, Any] = open_json(
        ctx, report.org_id, report.key_version, "report_candidate", row.id, row.details_sealed
    )
    return found


def _likely(ctx: Context, name: str) -> tuple[tuple[int, float], ...]:
    """Visible people the name is likely the same as, by the name layer, the name taken
    as written and as a nominative guess (a report inflects it)."""
    forms = {name, nominative_guess(name)}
    ids = sorted({i for form in forms for i in candidate_ids(ctx.session, ctx.viewer, form, 20)})
    if not ids:
        return ()
    best: dict[int, float] = {}
    for person_id, full_name in ctx.session.execute(
        select(PersonName.person_id, PersonName.full_name).where(PersonName.person_id.in_(ids))
    ):
        for form in forms:
            compared = compare_names(form, full_name)
            # The name layer's own verdict decides; its score only orders.
            if compared.decision is not Decision.NO_MATCH:
                best[person_id] = max(best.get(person_id, 0.0), compared.score)
    ranked = sorted(best.items(), key=lambda item: -item[1])[:LIKELY]
    return tuple((pid, round(score, 3)) for pid, score in ranked)


def _view(
    ctx: Context, report: Report, row: ReportCandidate, others: list[dict[str, Any]]
) -> CandidateView:
    details = _details(ctx, report, row)
    record = (row.record_kind, row.record_id) if row.record_kind and row.record_id else None
    likely = _likely(ctx, details["name"]) if row.kind == "person" else ()
    grade = credibility.suggest(ctx, report, row, details, others)
    return CandidateView(row.id, row.kind, row.status, details, record, likely, grade)


@action(
    "report.list",
    "The open-source reports one's own organisation added, with their candidates' counts",
    scope=Scope.own_organisation,
    read_only=True,
    unaudited_because="the organisation's own reports, titles and counts only",
)
def list_reports(ctx: Context) -> list[tuple[Report, dict[str, int]]]:
    reports = ctx.session.scalars(
        select(Report).where(Report.org_id == ctx.viewer.org_id).order_by(Report.id)
    ).all()
    answer = []
    for report in reports:
        counts = {status: 0 for status in (PROPOSED, CONFIRMED, REJECTED)}
        for status in ctx.session.scalars(
            select(ReportCandidate.status).where(ReportCandidate.report_id == report.id)
        ):
            counts[status] += 1
        answer.append((report, counts))
    return answer


@action(
    "report.show",
    "One of one's own organisation's reports: its text and candidates, with the people "
    "of the register a named person is likely the same as",
    scope=Scope.own_organisation,
    read_only=True,
    audit="read",
)
def show_report(ctx: Context, report_id: int) -> ReportView:
    report = _own_report(ctx, report_id)
    text = open_text(
        ctx, report.org_id, report.key_version, "report", report.id, report.text_sealed
    )
    rows = ctx.session.scalars(
        select(ReportCandidate)
        .where(ReportCandidate.report_id == report.id)
        .order_by(ReportCandidate.start, ReportCandidate.id)
    ).all()
    ctx.audit("report", report.id, owner_org_id=report.org_id)
    others = credibility.other_reports_events(
        ctx, report, lambda other, candidate: _details(ctx, other, candidate)
    )
    return ReportView(
        report.id,
        report.source_id,
        report.published_on,
        report.language,
        report.reliability,
        text,
        tuple(_view(ctx, report, row, others) for row in rows),
    )


def _record(kind: str, details: dict[str, Any], edits: dict[str, Any]) -> dict[str, Any]:
    """The register record an accepted candidate becomes, the analyst's edits applied."""
    if kind == "person":
        return {"kind": "person", "names": [{"full_name": details["name"]}], **edits}
    place = details.get("place") or {}
    if kind == "seizure":
        counts = details.get("counts") or {}
        record: dict[str, Any] = {
            "kind": "seizure",
            "seized_on": details.get("date"),
            "country": place.get("country"),
        }
        if details.get("substance") and counts.get("mass_kg"):
            record["drugs"] = [
                {"substance": details["substance"], "quantity_kg": counts["mass_kg"]}
            ]
        return {**record, **edits}
    if kind in STAGES:
        record = {
            "kind": "pipeline_event",
            "stage": STAGES[kind],
            "occurred_on": details.get("date"),
        }
        years = (details.get("counts") or {}).get("prison_years")
        if kind == "sentence" and years:
            record["sentence_months"] = round(years * 12)
        return {**record, **edits}
    raise FieldProblem(
        ("kind",), N_("a %(kind)s candidate cannot become a record yet"), kind, kind=kind
    )


@action(
    "report.confirm",
    "Accept a report's candidate: the record it proposes (with the analyst's edits) is "
    "written, sourced from the report and graded",
    scope=Scope.own_organisation,
    permission=Permission.create,
    audit="confirm",
)
def confirm(
    ctx: Context,
    candidate_id: int,
    *,
    credibility: str,
    edits: dict[str, Any] | None = None,
    in_report: int | None = None,
) -> tuple[str, int]:
    """(record kind, id) written; the candidate is marked confirmed."""
    row, report = _own_candidate(ctx, candidate_id, in_report)
    if row.status != PROPOSED:
        raise FieldProblem(("candidate",), N_("is %(status)s already"), row.id, status=row.status)
    if credibility not in vocabulary("credibility"):
        raise FieldProblem(("credibility",), N_("is not one of 1, 2, 3, 4, 5, 6"), credibility)
    details = _details(ctx, report, row)
    if details.get("negated"):
        raise FieldProblem(("candidate",), N_("the report says this did not happen"), row.id)
    # The source on the record itself: a submission's defaults carry markings only.
    record = {**_record(row.kind, details, dict(edits or {})), "source_id": report.source_id}
    defaults = {
        "source_kind": "open_source",
        "reliability": report.reliability,
        "credibility": credibility,
    }
    ids = create_records(ctx, [record], defaults, loc=("edits",), single=True)
    row.status, row.credibility = CONFIRMED, credibility
    row.record_kind, row.record_id = str(record["kind"]), ids["#0"]
    row.decided_by, row.decided_at = ctx.actor.signed_in.id, dt.datetime.now(dt.UTC)
    ctx.audit("report_candidate", row.id, owner_org_id=report.org_id, record_kind=row.record_kind)
    return row.record_kind, row.record_id


@action(
    "report.reject",
    "Reject a report's candidate: nothing enters the register",
    scope=Scope.own_organisation,
    permission=Permission.create,
    audit="reject",
)
def reject(ctx: Context, candidate_id: int, in_report: int | None = None) -> None:
    row, report = _own_candidate(ctx, candidate_id, in_report)
    if row.status != PROPOSED:
        raise FieldProblem(("candidate",), N_("is %(status)s already"), row.id, status=row.status)
    row.status = REJECTED
    row.decided_by, row.decided_at = ctx.actor.signed_in.id, dt.datetime.now(dt.UTC)
    ctx.audit("report_candidate", row.id, owner_org_id=report.org_id)

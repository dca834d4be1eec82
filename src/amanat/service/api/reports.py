"""Open-source reports over the API: add a report (the file is the request body, as
``curl --data-binary @article.html``), list and show them, confirm or reject a
candidate — the actions ``report.*``, as ``amanat reports`` calls them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from amanat.actions import reports
from amanat.actions.door import admit, binds, declaration_of
from amanat.actions.reports.review import ReportView
from amanat.service.api.answers import READ, WRITE, json_answer
from amanat.service.deps import ApiDoor, committed
from amanat.service.schemas.reports import (
    CandidateConfirm,
    CandidateDecided,
    CandidateOut,
    LikelySame,
    ReportAdded,
    ReportOut,
    ReportSummary,
)

router = APIRouter(tags=["Reports"])
ObjectId = Annotated[int, Path(ge=1, le=2**63 - 1)]
Text = Annotated[str | None, Query(max_length=200)]
UPLOAD = {
    "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    "required": True,
}


@router.post(
    "/reports",
    response_model=ReportAdded,
    status_code=201,
    responses={**WRITE, 413: {"description": "The file is larger than the limit."}},
    openapi_extra={"requestBody": UPLOAD},
)
@binds(reports.add_report)
async def add(
    request: Request,
    door: ApiDoor,
    filename: Annotated[str, Query(min_length=1, max_length=200)],
    published_on: Annotated[dt.date, Query(description="The report's date.")],
    publisher: Text = None,
    reliability: Annotated[str | None, Query(max_length=1)] = None,
    title: Text = None,
    author: Text = None,
) -> Response:
    """Add a report (text, HTML, DOCX or PDF; kept sealed) and propose its candidates;
    nothing enters the register until a candidate is confirmed."""
    # Refused before the body is received rather than after (the action asks again).
    admit(declaration_of(reports.add_report), door.actor)
    content = await request.body()
    added = await run_in_threadpool(
        lambda: reports.add_report(
            door,
            filename,
            content,
            published_on=published_on,
            title=title,
            publisher=publisher,
            author=author,
            reliability=reliability,
        )
    )
    answer = ReportAdded(
        report_id=added.report_id,
        source_id=added.source_id,
        language=added.language,
        reliability=added.reliability,
        candidates=added.candidates,
    )
    return await run_in_threadpool(committed, door, json_answer(ReportAdded, answer, 201))


@router.get("/reports", response_model=list[ReportSummary], responses=READ)
@binds(reports.list_reports)
def list_all(door: ApiDoor) -> list[ReportSummary]:
    """Your organisation's reports, with their candidates by status."""
    answer = [
        ReportSummary(
            report_id=report.id,
            published_on=report.published_on,
            language=report.language,
            reliability=report.reliability,
            **counts,
        )
        for report, counts in reports.list_reports(door)
    ]
    return committed(door, answer)


def _out(view: ReportView) -> ReportOut:
    return ReportOut(
        report_id=view.id,
        source_id=view.source_id,
        published_on=view.published_on,
        language=view.language,
        reliability=view.reliability,
        text=view.text,
        candidates=[
            CandidateOut(
                candidate_id=c.id,
                kind=c.kind,
                status=c.status,
                details=c.details,
                record_kind=c.record[0] if c.record else None,
                record_id=c.record[1] if c.record else None,
                likely_same_as=[LikelySame(person_id=p, score=s) for p, s in c.likely],
                suggested_credibility=c.suggested_credibility,
            )
            for c in view.candidates
        ],
    )


@router.get("/reports/{report_id}", response_model=ReportOut, responses=READ)
@binds(reports.show_report)
def show(door: ApiDoor, report_id: ObjectId) -> ReportOut:
    """A report's text and candidates, each with its evidence span."""
    return committed(door, _out(reports.show_report(door, report_id)))


@router.post(
    "/report-candidates/{candidate_id}/confirm", response_model=CandidateDecided, responses=WRITE
)
@binds(reports.confirm)
def confirm(door: ApiDoor, candidate_id: ObjectId, body: CandidateConfirm) -> CandidateDecided:
    """Accept a candidate: its record is written, sourced from the report and graded."""
    kind, record_id = reports.confirm(
        door, candidate_id, credibility=body.credibility, edits=body.edits
    )
    answer = CandidateDecided(
        candidate_id=candidate_id, status="confirmed", record_kind=kind, record_id=record_id
    )
    return committed(door, answer)


@router.post(
    "/report-candidates/{candidate_id}/reject", response_model=CandidateDecided, responses=WRITE
)
@binds(reports.reject)
def reject(door: ApiDoor, candidate_id: ObjectId) -> CandidateDecided:
    """Reject a candidate: nothing enters the register."""
    reports.reject(door, candidate_id)
    return committed(door, CandidateDecided(candidate_id=candidate_id, status="rejected"))

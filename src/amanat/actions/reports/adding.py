"""Adding a report: its main text read, its source record and sealed file kept, its
publisher's reliability remembered, and its candidates proposed — nothing more enters
the register until an analyst confirms a candidate (``review``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from amanat.access import source_files
from amanat.access.roles import Permission
from amanat.actions.door import Context, Scope, action
from amanat.actions.errors import FieldProblem
from amanat.actions.records.writing import create_records
from amanat.actions.reports.gazetteer import register_gazetteer
from amanat.actions.reports.sealing import seal_json, seal_text
from amanat.actions.sources import fingerprint
from amanat.language.i18n import N_
from amanat.reports.candidates import Extraction
from amanat.reports.document import ReportText, UnreadableReport, read_report
from amanat.reports.extract import DefaultExtractor
from amanat.reports.models import Report, ReportCandidate, ReportPublisher
from amanat.vocab.loader import vocabulary

LONGEST_PUBLISHER = 200


@dataclass(frozen=True)
class Added:
    report_id: int
    source_id: int
    language: str
    reliability: str
    candidates: int


def _read(filename: str, content: bytes) -> ReportText:
    try:
        return read_report(filename, content)
    except UnreadableReport as exc:
        raise FieldProblem(("file",), exc.msgid, filename, None, **exc.params) from None


def _publisher(ctx: Context, name: str | None, reliability: str | None) -> ReportPublisher | None:
    """The publisher, its reliability set when given and remembered otherwise."""
    if reliability is not None and reliability not in vocabulary("reliability"):
        raise FieldProblem(("reliability",), N_("is not one of A, B, C, D, E, F"), reliability)
    if not name:
        return None
    name = name.strip()[:LONGEST_PUBLISHER]
    org_id = ctx.viewer.org_id
    row = ctx.session.scalar(
        select(ReportPublisher).where(
            ReportPublisher.org_id == org_id, ReportPublisher.name == name
        )
    )
    if row is None:
        row = ReportPublisher(org_id=org_id, name=name, reliability=reliability or "F")
        ctx.session.add(row)
    elif reliability is not None and reliability != row.reliability:
        row.reliability = reliability
        row.set_at = dt.datetime.now(dt.UTC)
    ctx.session.flush()
    return row


def extract(report: ReportText, published_on: dt.date, ctx: Context | None = None) -> Extraction:
    gazetteer = register_gazetteer(ctx.session) if ctx is not None else None
    extractor = DefaultExtractor() if gazetteer is None else DefaultExtractor(gazetteer=gazetteer)
    return extractor.extract(report, published_on)


@action(
    "report.extract",
    "Read a report and propose its candidates without storing anything",
    scope=Scope.own_organisation,
    read_only=True,
    unaudited_because="nothing is stored and nothing of the register is shown",
)
def extract_only(ctx: Context, filename: str, content: bytes, published_on: dt.date) -> Extraction:
    return extract(_read(filename, content), published_on, ctx)


@action(
    "report.add",
    "Add an open-source report (kept sealed) and propose the records it asserts",
    scope=Scope.own_organisation,
    permission=Permission.create,
    audit=("upload", "write"),
)
def add_report(
    ctx: Context,
    filename: str,
    content: bytes,
    *,
    published_on: dt.date,
    title: str | None = None,
    publisher: str | None = None,
    author: str | None = None,
    reliability: str | None = None,
) -> Added:
    text = _read(filename, content)
    found = _publisher(ctx, publisher, reliability)
    grade = reliability or (found.reliability if found else "F")
    name = filename.replace("\\", "/").rsplit("/", 1)[-1] or "report"
    source = {
        "kind": "source",
        # Not the report's first line: a headline can name a victim, and a source's
        # title is kept in the clear.
        "title": (title or f"{publisher or name}, {published_on.isoformat()}")[:500],
        "published_on": published_on.isoformat(),
        "language": text.language,
        "content_sha256": fingerprint(content),
    }
    defaults = {"source_kind": "open_source", "reliability": grade}
    source_id = create_records(ctx, [source], defaults)["#0"]
    org_id = ctx.viewer.org_id
    if ctx.master_key is None:
        raise FieldProblem(("file",), N_("cannot be kept: the vault has no master key"), None)
    source_files.store(
        ctx.session, ctx.master_key, org_id, source_id, name, text.content_type, content
    )
    row = Report(
        org_id=org_id,
        source_id=source_id,
        publisher_id=found.id if found else None,
        author=author,
        published_on=published_on,
        language=text.language,
        reliability=grade,
        text_sealed=b"",
        key_version=0,
        added_by=ctx.actor.signed_in.id,
    )
    ctx.session.add(row)
    ctx.session.flush()
    row.key_version, row.text_sealed = seal_text(ctx, org_id, "report", row.id, text.text)
    extraction = extract(text, published_on, ctx)
    proposed = [
        (event.kind, event.evidence.start, event.evidence.stop, event.as_json())
        for event in extraction.events
    ] + [
        (
            "person",
            m.start,
            m.stop,
            {"kind": "person", "name": m.text, "evidence": {"start": m.start, "stop": m.stop}},
        )
        for m in extraction.people()
    ]
    for kind, start, stop, details in proposed:
        candidate = ReportCandidate(
            report_id=row.id, kind=kind, start=start, stop=stop, details_sealed=b""
        )
        ctx.session.add(candidate)
        ctx.session.flush()
        candidate.details_sealed = seal_json(ctx, org_id, "report_candidate", candidate.id, details)
    ctx.session.flush()
    ctx.audit("report", row.id, owner_org_id=org_id, size=len(content), candidates=len(proposed))
    return Added(row.id, source_id, text.language, grade, len(proposed))

"""Open-source reports in the web app: add one (a file, or text pasted in), the list of
one's organisation's reports, and the review page, where the report's text is shown
with every candidate marked where it was found and the analyst accepts each (with the
information's credibility, suggested from corroboration) or rejects it
(``actions.reports``).  Nothing enters the register until a candidate is accepted."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.datastructures import FormData

from amanat.access.source_files import MAX_FILE_BYTES
from amanat.actions import reports
from amanat.actions.door import allowed, binds
from amanat.actions.errors import FieldProblem
from amanat.actions.reports.adding import LONGEST_PUBLISHER
from amanat.actions.reports.review import STAGES, ReportView
from amanat.language.i18n import N_
from amanat.register import PipelineEvent, Seizure, Source
from amanat.service.web.form_input import FormInput, read_form
from amanat.service.web.labels import options
from amanat.service.web.page import FormRejected, Page, SignedIn
from amanat.service.web.source_forms import TOO_LARGE, content_of

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
LIST = "/reports"
TEMPLATE_LIST = "reports.html"
TEMPLATE_REPORT = "report.html"
PASTED = "pasted.txt"
KINDS = {
    "arrest": N_("Arrest"),
    "charge": N_("Charge"),
    "prosecution": N_("Prosecution"),
    "conviction": N_("Conviction"),
    "acquittal": N_("Acquittal"),
    "sentence": N_("Sentence"),
    "seizure": N_("Seizure"),
    "rescue": N_("Rescue of victims"),
    "operation": N_("Operation"),
    "statistic": N_("Statistic reported by an authority"),
    "person": N_("Person named"),
}
# The candidates that can become a record today (``review._record``); the others are
# shown for the analyst to read, and rejected or kept as proposed.
RECORDABLE = frozenset({"person", "seizure", *STAGES})
STATUSES = {
    "proposed": N_("proposed"),
    "confirmed": N_("accepted"),
    "rejected": N_("rejected"),
}
COUNTS = {
    "people": N_("people"),
    "victims": N_("victims"),
    "mass_kg": N_("kg"),
    "weapons": N_("weapons"),
    "prison_years": N_("years of prison"),
}


@dataclass(frozen=True)
class Piece:
    """A stretch of the report's text and the candidates found in it (none: plain)."""

    text: str
    candidates: tuple[int, ...]
    kind: str | None
    anchor: int | None  # the candidate whose first stretch this is


def pieces(view: ReportView) -> list[Piece]:
    """The text cut where candidates start and stop, so each stretch is marked with
    the candidates that cover it (a person named inside an event's sentence is both)."""
    text = view.text
    spans = [
        (c.id, c.kind, max(0, c.details["evidence"]["start"]), c.details["evidence"]["stop"])
        for c in view.candidates
    ]
    cuts = sorted({0, len(text), *(s for *_, s, _ in spans), *(e for *_, e in spans)})
    found, anchored = [], set()
    for start, stop in itertools.pairwise(cuts):
        if start >= len(text) or start >= stop:
            continue
        covering = [(cid, kind) for cid, kind, s, e in spans if s <= start and stop <= e]
        # A person is the narrower mark: shown as such inside its event's sentence.
        people = [cid for cid, kind in covering if kind == "person"]
        kind = "person" if people else (covering[0][1] if covering else None)
        first = next((cid for cid, _ in covering if cid not in anchored), None)
        if first is not None:
            anchored.add(first)
        found.append(Piece(text[start:stop], tuple(c for c, _ in covering), kind, first))
    return found


def _add_context(page: Page, form: FormInput) -> dict[str, Any]:
    return {
        "form": form,
        "found": reports.list_reports(page.ctx) if allowed(page.ctx, reports.list_reports) else [],
        "reliabilities": options("reliability", page.lang),
        "max_mb": MAX_FILE_BYTES // (1024 * 1024),
        "may_add": allowed(page.ctx, reports.add_report),
    }


@router.get(LIST)
@binds(reports.list_reports)
def list_page(page: SignedIn) -> Response:
    today = dt.date.today().isoformat()
    form = FormInput.blank(page.lang, {"published_on": today})
    return page.render(TEMPLATE_LIST, _add_context(page, form))


@router.post(LIST)
@binds(reports.add_report, reports.list_reports)
def add(page: SignedIn, data: Form) -> Response:
    form = FormInput(data, page.lang)
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        published = form.field("published_on", Source.published_on, required=True)
        publisher = form.text("publisher", limit=LONGEST_PUBLISHER)
        reliability = form.code("reliability", "reliability")
        title = form.text("title", limit=500)
        author = form.text("author", limit=200)
        pasted = form.text("text", limit=MAX_FILE_BYTES)
        upload = form.upload("file")
        content = content_of(upload) if upload is not None else None
        if upload is not None and content is None:
            form.error("file", TOO_LARGE, n=MAX_FILE_BYTES // (1024 * 1024))
        elif upload is not None and pasted:
            form.error("text", N_("Give a file or paste the text, not both."))
        elif upload is None and not pasted:
            form.error("file", N_("Choose a file or paste the report's text."))
        if not form.ok or not isinstance(published, dt.date):
            raise page.reject(TEMPLATE_LIST, _add_context(page, form))
        name, body = (
            (upload.filename or "report", content)
            if upload is not None and content is not None
            else (PASTED, (pasted or "").encode())
        )
        try:
            added = reports.add_report(
                page.ctx,
                name,
                body,
                published_on=published,
                title=title,
                publisher=publisher,
                author=author,
                reliability=reliability,
            )
        except FieldProblem as exc:
            field = "text" if name == PASTED and exc.loc[-1] == "file" else str(exc.loc[-1])
            form.error(field, N_("Not accepted: %(reason)s"), reason=exc.said(page.lang))
            raise page.after_refusal(
                lambda p: p.reject(TEMPLATE_LIST, _add_context(p, form))
            ) from None
        url = f"{LIST}/{added.report_id}"
        claimed.complete(page.db, url)
        return page.redirect(url, N_("The report was added: review what it proposes below."))


# What the analyst may correct before accepting, per kind of candidate: the fields the
# record needs that a report often leaves out or gets wrong (a stage event belongs to
# a case, which no report names).
EDITABLE = {
    "person": ("full_name",),
    "seizure": ("seized_on", "country"),
    **{kind: ("case_id", "occurred_on") for kind in STAGES},
}


def _defaults(view: ReportView) -> dict[str, str]:
    """The accept forms' first values: what the report said, the suggested credibility."""
    found: dict[str, str] = {}
    for c in view.candidates:
        d = c.details
        date = str(d.get("date") or "")
        given = {
            "credibility": c.suggested_credibility or "6",
            "full_name": str(d.get("name") or ""),
            "seized_on": date if len(date) == 10 else "",
            "occurred_on": date if len(date) == 10 else "",
            "country": str((d.get("place") or {}).get("country") or ""),
        }
        for name in ("credibility", *EDITABLE.get(c.kind, ())):
            found[f"{name}-{c.id}"] = given.get(name, "")
    return found


def _report_context(page: Page, view: ReportView, form: FormInput) -> dict[str, Any]:
    for name, value in _defaults(view).items():
        form.values.setdefault(name, value)
    return {
        "report": view,
        "pieces": pieces(view),
        "form": form,
        "kinds": KINDS,
        "statuses": STATUSES,
        "counts_words": COUNTS,
        "recordable": RECORDABLE,
        "editable": EDITABLE,
        "credibilities": options("credibility", page.lang, blank=False),
        "may_decide": allowed(page.ctx, reports.confirm),
    }


@router.get(f"{LIST}/{{report_id:int}}")
@binds(reports.show_report)
def report_page(page: SignedIn, report_id: int) -> Response:
    view = reports.show_report(page.ctx, report_id)
    return page.render(TEMPLATE_REPORT, _report_context(page, view, FormInput.blank(page.lang)))


def _edits(form: FormInput, kind: str, cid: int) -> dict[str, Any]:
    """The analyst's corrections of candidate ``cid``, read by the columns' converters."""
    edits: dict[str, Any] = {}
    for name in EDITABLE.get(kind, ()):
        key = f"{name}-{cid}"
        if name == "full_name":
            value = form.text(key, required=True, limit=300)
            if value:
                edits["names"] = [{"full_name": value}]
        elif name == "country":
            edits["country"] = form.code(key, "country", required=True)
        elif name == "case_id":
            edits["case_id"] = form.integer(key, 1, 2**63 - 1, required=True)
        else:
            column = Seizure.seized_on if name == "seized_on" else PipelineEvent.occurred_on
            day = form.field(key, column, required=True)
            edits[name] = day.isoformat() if isinstance(day, dt.date) else None
    return edits


def _decide(
    page: Page, report_id: int, candidate_id: int, data: FormData, accept: bool
) -> Response:
    form = FormInput(data, page.lang)
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        kind = form.choice("kind", KINDS, required=accept) or ""
        grade = form.code(f"credibility-{candidate_id}", "credibility", required=accept)
        edits = _edits(form, kind, candidate_id) if accept else {}
        if form.ok:
            try:
                if accept:
                    reports.confirm(
                        page.ctx,
                        candidate_id,
                        credibility=grade or "",
                        edits=edits,
                        in_report=report_id,
                    )
                else:
                    reports.reject(page.ctx, candidate_id, in_report=report_id)
            except FieldProblem as exc:
                name = f"{exc.loc[-1]}-{candidate_id}"
                field = name if str(exc.loc[-1]) in EDITABLE.get(kind, ()) else "_form"
                form.error(field, N_("Not accepted: %(reason)s"), reason=exc.said(page.lang))
        if not form.ok:

            def again(p: Page) -> FormRejected:
                view = reports.show_report(p.ctx, report_id)
                return p.reject(TEMPLATE_REPORT, _report_context(p, view, form))

            raise page.after_refusal(again)
        url = f"{LIST}/{report_id}#candidate-{candidate_id}"
        claimed.complete(page.db, url)
        said = N_("Accepted: the record was written.") if accept else N_("Rejected.")
        return page.redirect(url, said)


@router.post(f"{LIST}/{{report_id:int}}/candidates/{{candidate_id:int}}/accept")
@binds(reports.confirm, reports.show_report)
def accept(page: SignedIn, report_id: int, candidate_id: int, data: Form) -> Response:
    return _decide(page, report_id, candidate_id, data, True)


@router.post(f"{LIST}/{{report_id:int}}/candidates/{{candidate_id:int}}/reject")
@binds(reports.reject, reports.show_report)
def reject(page: SignedIn, report_id: int, candidate_id: int, data: Form) -> Response:
    return _decide(page, report_id, candidate_id, data, False)

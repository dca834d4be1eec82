"""The review queue in the browser: pairs of person records the linkage model could not
decide, both side by side with the reason each field agrees or not, judged same,
different or unsure; the analyst's recent judgements, to undo; a record split out of
its entity from the person page.

The pages take the same actions as the API (``amanat.actions.resolution``): only roles
with the ``resolve`` permission reach them (403 otherwise), a pair whose records the
analyst may not both see is absent, and protected persons are never in a pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.datastructures import FormData

from amanat.actions import records
from amanat.actions.door import allowed, binds
from amanat.actions.errors import FieldProblem, NotFound
from amanat.actions.resolution import entities
from amanat.actions.resolution import review as reviewing
from amanat.language.i18n import N_
from amanat.register import Person
from amanat.resolve.evidence import FieldEvidence
from amanat.resolve.models import Verdict
from amanat.resolve.records import PersonRecord
from amanat.resolve.review import ReviewItem
from amanat.service.web import labels, titles
from amanat.service.web.form_input import FormInput, read_form
from amanat.service.web.match_reasons import plain
from amanat.service.web.page import Page, SignedIn

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
QUEUE_PAGE = 50
UNKNOWN = "—"

# Evidence fields (``amanat.resolve.evidence``) as rows of the pair page, in its order.
FIELD_LABELS = {
    "name": N_("Name"),
    "birth date": N_("Date of birth"),
    "documents": N_("Documents"),
    "phones": N_("Phones"),
    "citizenship": N_("Citizenship"),
    "cases": N_("Cases"),
    "towns": N_("Towns"),
    "associates": N_("Associates in common"),
}
VERDICT_LABELS = {
    Verdict.same.value: N_("Same person"),
    Verdict.different.value: N_("Different people"),
    Verdict.unsure.value: N_("Unsure"),
}
VERDICTS = {
    Verdict.same.value: N_("Judged the same person."),
    Verdict.different.value: N_("Judged different people."),
    Verdict.unsure.value: N_("Judged unsure: the pair will not be asked again."),
}


@dataclass(frozen=True)
class Row:
    label: str  # English msgid
    left: str
    right: str
    evidence: FieldEvidence | None

    @property
    def why(self) -> str:
        """The evidence's reasons in plain words (the keys are in the details)."""
        return "; ".join(plain(r) for r in self.evidence.reasons) if self.evidence else ""


def birth_date(record: PersonRecord) -> str:
    parts = (record.birth_year, record.birth_month, record.birth_day)
    if record.birth_year is None:
        return UNKNOWN
    return "-".join(f"{p:02d}" for p in parts if p is not None)


def _values(record: PersonRecord, field: str, towns: dict[int, str], lang: str) -> str:
    if field == "name":
        return record.name or UNKNOWN
    if field == "birth date":
        return birth_date(record)
    if field == "documents":
        return "; ".join(
            f"{labels.label('document_type', kind, lang)} {n}" for kind, n in record.documents
        )
    if field == "phones":
        return ", ".join(record.phones)
    if field == "cases":
        return ", ".join(str(case_id) for case_id, _ in record.cases)
    if field == "towns":
        return ", ".join(towns.get(place, str(place)) for place in record.places)
    if field == "associates":
        return ""  # a pair's, not a record's: the evidence column says it
    return ", ".join(record.citizenships)


def rows(
    item: ReviewItem, orgs: dict[int, str], towns: dict[int, str] | None = None, lang: str = "en"
) -> list[Row]:
    """The pair field by field, each with its evidence; the organisation last."""
    towns = towns or {}
    found = [
        Row(
            FIELD_LABELS.get(e.field, e.field),
            _values(item.left, e.field, towns, lang) or UNKNOWN,
            _values(item.right, e.field, towns, lang) or UNKNOWN,
            e,
        )
        for e in item.evidence
    ]
    left, right = (orgs.get(r.org_id or 0, UNKNOWN) for r in (item.left, item.right))
    return [*found, Row(N_("Organisation"), left, right, None)]


def _queue_context(page: Page) -> dict[str, Any]:
    return {
        "items": reviewing.queue(page.ctx, QUEUE_PAGE),
        "recent": reviewing.recent(page.ctx),
        "orgs": titles.directory(page.ctx, page.lang),
        "verdict_labels": VERDICT_LABELS,
    }


@router.get("/review")
@binds(reviewing.queue, reviewing.recent, records.list_organisations)
def queue_page(page: SignedIn) -> Response:
    return page.render("review.html", _queue_context(page))


@router.get("/review/{pair_id:int}")
@binds(reviewing.pair, records.list_organisations)
def pair_page(page: SignedIn, pair_id: int) -> Response:
    shown = reviewing.pair(page.ctx, pair_id)
    orgs = titles.directory(page.ctx, page.lang)
    context = {
        "item": shown.item,
        "rows": rows(shown.item, orgs, shown.towns, page.lang),
        "blank_form": FormInput.blank(page.lang),
    }
    return page.render("review_pair.html", context)


def _next_url(page: Page) -> str:
    """The next pair to judge, or the queue when it is empty."""
    items = reviewing.queue(page.ctx, 1)
    return f"/review/{items[0].candidate_id}" if items else "/review"


@router.post("/review/{pair_id:int}")
@binds(reviewing.pair, reviewing.judge, reviewing.queue, records.list_organisations)
def judge(page: SignedIn, pair_id: int, data: Form) -> Response:
    form = FormInput(data, page.lang)
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        verdict = form.raw("verdict")
        if verdict not in VERDICTS:
            return page.redirect(f"/review/{pair_id}", N_("Choose same, different or unsure."))
        try:
            item = reviewing.pair(page.ctx, pair_id).item
        except NotFound:  # judged meanwhile (another tab, a colleague)
            return page.redirect(_next_url(page), N_("This pair is no longer in the queue."))
        note = form.text("note", limit=2000) or None
        if not form.ok:
            return page.redirect(f"/review/{pair_id}", N_("Not saved: the note is too long."))
        reviewing.judge(page.ctx, item.left.id, item.right.id, verdict, note)
        url = _next_url(page)
        claimed.complete(page.db, url)
        return page.redirect(url, VERDICTS[verdict])


@router.post("/review/judgements/{judgement_id:int}/undo")
@binds(reviewing.undo)
def undo(page: SignedIn, judgement_id: int, data: Form) -> Response:
    form = FormInput(data, page.lang)
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        reviewing.undo(page.ctx, judgement_id)
        claimed.complete(page.db, "/review")
        return page.redirect("/review", N_("The judgement was undone."))


@router.post("/people/{record_id:int}/split")
@binds(reviewing.split)
def split(page: SignedIn, record_id: int, data: Form) -> Response:
    form = FormInput(data, page.lang)
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        url = f"/people/{record_id}"
        try:
            reviewing.split(page.ctx, record_id)
        except FieldProblem:  # not linked (any more): nothing to split
            return page.redirect(url, N_("This record is not linked to any other record."))
        claimed.complete(page.db, url)
        return page.redirect(url, N_("The record was split out of its entity."))


# What the person page (``record_pages``) calls for its "Also recorded as" panel: the
# person page's handler binds it.
ENTITY_PANEL = entities.also_recorded_as


def entity_panel(page: Page, person: Person) -> dict[str, Any]:
    """For the person page (``person`` read and audited there): the other records of the
    same person the user may see."""
    found = entities.also_recorded_as(page.ctx, person)
    return {
        "members": found.members,
        "orgs": titles.directory(page.ctx, page.lang) if found.members else {},
        "may_split": bool(found.members) and allowed(page.ctx, reviewing.split),
    }

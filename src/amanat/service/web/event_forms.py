"""Adding to a case's justice pipeline (an arrest, a charge, a verdict, a sentence ...)
and adding a person to a case.

An event is the recording organisation's own record pointing at the case, so a
prosecutor records the verdict in a police case.  A charge's article belongs to
the case itself, which only its originator changes; another organisation's charge
is kept in the event's details instead.

The case is read through ``record.read`` and its people through ``record.list``:
another organisation's case shown on the form is in the audit trail, and a case the
user may not see is not found, exactly like one that does not exist.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.datastructures import FormData

from amanat.actions import records, sharing
from amanat.actions.door import binds
from amanat.actions.errors import FieldProblem
from amanat.language.i18n import N_
from amanat.register import Case, PipelineEvent
from amanat.service.web import form_writes, person_picker, titles
from amanat.service.web.form_input import FormInput, place_problem, read_form
from amanat.service.web.form_writes import Fields
from amanat.service.web.page import FormRejected, Page, SignedIn

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
TEMPLATE = "event_form.html"
EVENT_FIELDS = (
    "stage",
    "occurred_on",
    "person_id",
    "court",
    "detail",
    "sentence_months",
    "fine_amount",
    "fine_currency",
    "confiscation",
    "appeal_outcome",
    "from_country",
    "to_country",
)


# What the form runs: the case and its people, read; the event (and a charge) written.
ACTIONS = (
    records.get_record,
    records.update_record,
    *person_picker.CASE_PEOPLE_ACTIONS,
    *form_writes.CREATING,
)


def _purpose(case_id: int) -> str:
    return f"add to the justice pipeline of case {case_id}"


def _case(page: Page, case_id: int) -> Case:
    case: Case = records.get_record(page.ctx, "case", case_id, _purpose(case_id))
    return case


def _context(page: Page, case: Case, form: FormInput) -> dict[str, Any]:
    people = person_picker.case_people(page, case.id, _purpose(case.id))
    return {
        "form": form,
        "case": case,
        "case_title": titles.record_title("case", case, page.lang),
        "people": [("", "—"), *((str(c.person_id), c.title) for c in people)],
        "owns_case": case.org_id == page.ctx.viewer.org_id,
        **form_writes.marking_context(page),
    }


@router.get("/cases/{case_id:int}/events/new")
@binds(*ACTIONS)
def event_form(page: SignedIn, case_id: int) -> Response:
    form_writes.offer(page, records.create_records)
    case = _case(page, case_id)
    defaults: dict[str, Any] = {
        **form_writes.MARKING_DEFAULTS,
        "tlp": case.tlp,
        "handling": case.handling,
        "distribution": case.distribution,
        "occurred_on": dt.date.today().isoformat(),
    }
    if case.sharing_group_id:
        groups = {g.id: g.name for g in sharing.groups(page.ctx)}
        defaults["group"] = groups.get(case.sharing_group_id)
    return page.render(TEMPLATE, _context(page, case, FormInput.blank(page.lang, defaults)))


def _read(page: Page, form: FormInput, case: Case, people: set[int]) -> dict[str, Any]:
    stage = form.code("stage", "pipeline_stage", required=True)
    event: dict[str, Any] = {
        "kind": "pipeline_event",
        "ref": "event",
        "case_id": case.id,
        "stage": stage,
        "occurred_on": form.field("occurred_on", PipelineEvent.occurred_on, required=True),
        "court": form.text("court", limit=200),
        "detail": form.text("detail"),
        **form_writes.read_marking(page, form),
    }
    person = form.integer("person_id", 1, 2**62)
    if person is not None and person not in people:
        form.error("person_id", N_("Choose one of the people of this case."))
    event["person_id"] = person
    if stage == "sentenced":
        event["sentence_months"] = form.field("sentence_months", PipelineEvent.sentence_months)
        event["fine_amount"] = form.field("fine_amount", PipelineEvent.fine_amount)
        event["fine_currency"] = form.code("fine_currency", "currency")
        event["confiscation"] = form.flag("confiscation") or None
        if event["fine_amount"] and not event["fine_currency"]:
            form.error("fine_currency", N_("Give the currency of the fine."))
    if stage == "appeal_decided":
        event["appeal_outcome"] = form.code("appeal_outcome", "appeal_outcome", required=True)
    if stage == "extradited":
        event["from_country"] = form.code("from_country", "country", required=True)
        event["to_country"] = form.code("to_country", "country", required=True)
    return {k: _plain(v) for k, v in event.items() if v is not None}


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value) if not isinstance(value, str | int | bool) else value


def _charge(form: FormInput, case: Case, event: dict[str, Any]) -> dict[str, Any] | None:
    if event.get("stage") != "charged":
        return None
    article = form.text("article", required=True, limit=40)
    if article is None:
        return None
    return {
        "country": case.jurisdiction,
        "article": article,
        "part": form.text("part", limit=20),
        "description": form.text("charge_description", limit=300),
        "person_id": event.get("person_id"),
    }


def _add_charge(page: Page, case: Case, charge: dict[str, Any], event: dict[str, Any]) -> None:
    if case.org_id == page.ctx.viewer.org_id:
        existing = [
            {
                "country": c.country,
                "article": c.article,
                "part": c.part,
                "description": c.description,
                "person_id": c.person_id,
            }
            for c in case.charges
        ]
        new = [{k: v for k, v in c.items() if v is not None} for c in [*existing, charge]]
        records.update_record(page.ctx, "case", case.id, {"charges": new}, case.version)
        return
    words = " ".join(p for p in (charge["country"], charge["article"], charge.get("part")) if p)
    event["detail"] = "; ".join(p for p in (words, event.get("detail")) if p)


@router.post("/cases/{case_id:int}/events/new")
@binds(*ACTIONS)
def create_event(page: SignedIn, case_id: int, data: Form) -> Response:
    form_writes.offer(page, records.create_records)
    case = _case(page, case_id)
    form = FormInput(data, page.lang)

    def rejected(p: Page) -> FormRejected:
        return p.reject(TEMPLATE, _context(p, _case(p, case_id), form))

    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        people = {c.person_id for c in person_picker.case_people(page, case.id, _purpose(case_id))}
        event = _read(page, form, case, people)
        charge = _charge(form, case, event)
        if not form.ok:
            raise rejected(page)
        if charge is not None:
            try:
                _add_charge(page, case, charge, event)
            except FieldProblem as exc:
                place_problem(form, exc.loc, exc.said(form.lang), {("body", "charges"): "article"})
                raise page.after_refusal(rejected) from None
        fields: Fields = {(0, name): name for name in EVENT_FIELDS}
        form_writes.create(page, form, [event], fields, rejected)
        url = f"/cases/{case.id}"
        claimed.complete(page.db, url)
        return page.redirect(url, N_("The event was added to the case."))

"""Requests for information after a discovery hit, in the web app: the form that files
one from a hit's reference, the list of those to answer (overdue marked) and those
made, and one request's page, where the holder answers it and the asker reads what
was released (``actions.information_requests``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.datastructures import FormData

from amanat.actions import discovery, information_broker
from amanat.actions import information_requests as rfi
from amanat.actions.door import allowed, binds
from amanat.actions.errors import FieldProblem
from amanat.discovery.release import SECTIONS
from amanat.language.i18n import N_
from amanat.service.web import titles
from amanat.service.web.form_input import FormInput, read_form
from amanat.service.web.labels import options
from amanat.service.web.page import Page, SignedIn

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
LIST = "/discovery/requests"
RECEIVED_SHOWN = 50  # the latest queries that hit one's records
STATUSES = {
    "pending": N_("pending"),
    "overdue": N_("overdue"),
    "approved": N_("approved"),
    "partial": N_("approved in part"),
    "declined": N_("declined"),
}
URGENCIES = {"routine": N_("Routine"), "urgent": N_("Urgent")}
SECTION_NAMES = {
    "names": N_("Names"),
    "birth": N_("Date of birth"),
    "sex": N_("Sex"),
    "citizenships": N_("Citizenships"),
    "documents": N_("Documents"),
    "phones": N_("Phones"),
    "addresses": N_("Addresses"),
    "notes": N_("Notes"),
}
assert set(SECTION_NAMES) == set(SECTIONS)
DECISIONS = {
    "approve": N_("Release everything"),
    "partial": N_("Release what is ticked"),
    "decline": N_("Decline"),
}


def _url(request_id: int) -> str:
    return f"{LIST}/{request_id}"


def _new_context(page: Page, form: FormInput) -> dict[str, Any]:
    return {
        "form": form,
        "bases": options("legal_basis", page.lang),
        "handlings": options("handling_code", page.lang, blank=False),
        "urgencies": [(code, page._(text)) for code, text in URGENCIES.items()],
    }


@router.get(f"{LIST}/new")
@binds(rfi.file)
def new_page(page: SignedIn) -> Response:
    query = FormInput(page.request.query_params, page.lang)
    reference = query.text("reference", limit=32)
    # "back": the holder of a record an NGO's query hit asks the NGO (the broker).
    back = "yes" if query.flag("back") else ""
    form = FormInput.blank(page.lang, {"reference": reference, "handling": "H0", "back": back})
    return page.render("information_request_new.html", _new_context(page, form))


@router.post(LIST)
@binds(rfi.file, information_broker.ask_back)
def file(page: SignedIn, data: Form) -> Response:
    form = FormInput(data, page.lang)
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        reference = form.text("reference", required=True, limit=32)
        purpose = form.text("purpose", required=True, limit=500)
        basis = form.choice("basis", dict(options("legal_basis", page.lang, blank=False)), True)
        urgency = form.choice("urgency", URGENCIES, True)
        handling = form.code("handling", "handling_code", required=True)
        if not form.ok or not (reference and purpose and basis and urgency and handling):
            raise page.reject("information_request_new.html", _new_context(page, form))
        hours = page.request.app.state.settings.rfi_deadline_hours
        asking = information_broker.ask_back if form.flag("back") else rfi.file
        try:
            made = asking(page.ctx, reference, purpose, basis, urgency, handling, hours)
        except FieldProblem as exc:
            form.error(str(exc.loc[-1]), N_("Not accepted: %(reason)s"), reason=exc.said(page.lang))
            raise page.reject("information_request_new.html", _new_context(page, form)) from None
        url = _url(made.id)
        claimed.complete(page.db, url)
        return page.redirect(url, N_("Your request was sent to the holder."))


@router.get(LIST)
@binds(rfi.lists, discovery.received)
def list_page(page: SignedIn) -> Response:
    form = FormInput(page.request.query_params, page.lang)
    status = form.choice("status", STATUSES)
    found = rfi.lists(page.ctx, status if form.ok else None)
    shown = allowed(page.ctx, discovery.received)
    hits = discovery.received(page.ctx, RECEIVED_SHOWN) if shown else []
    asked_back = {i.request.reference for i in found.made}
    context = {
        "form": form,
        "found": found,
        "received": hits,
        "asked_back": asked_back,
        "statuses": [("", "—"), *((code, page._(text)) for code, text in STATUSES.items())],
        "status_names": STATUSES,
        "urgencies": URGENCIES,
    }
    return page.render("information_requests.html", context)


def _shown_context(page: Page, shown: rfi.Shown, form: FormInput) -> dict[str, Any]:
    return {
        "shown": shown,
        "r": shown.listed.request,
        "form": form,
        "status_names": STATUSES,
        "urgencies": URGENCIES,
        "section_names": SECTION_NAMES,
        "decisions": DECISIONS,
        "may_decide": shown.holder_side
        and shown.listed.request.status == rfi.PENDING
        and allowed(page.ctx, rfi.decide),
        "brokered": shown.brokered,
        "record_links": {
            ref: titles.record_url(*_kind_id(ref))
            for ref in (*shown.offered_records, *shown.released_records)
        },
    }


def _kind_id(ref: str) -> tuple[str, int]:
    kind, _, number = ref.partition(":")
    return kind, int(number)


@router.get(f"{LIST}/{{request_id:int}}")
@binds(rfi.show)
def show_page(page: SignedIn, request_id: int) -> Response:
    shown = rfi.show(page.ctx, request_id)
    form = FormInput.blank(page.lang, {"sections": list(shown.offered_sections)})
    return page.render("information_request.html", _shown_context(page, shown, form))


@router.post(f"{LIST}/{{request_id:int}}/decision")
@binds(rfi.decide, rfi.show)
def decide(page: SignedIn, request_id: int, data: Form) -> Response:
    form = FormInput(data, page.lang)
    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        decision = form.choice("decision", DECISIONS, True)
        note = form.text("note", limit=500)
        sections = [s for s in data.getlist("sections") if isinstance(s, str)]
        linked = [s for s in data.getlist("records") if isinstance(s, str)]
        if decision == "decline" and not note:
            form.error("note", N_("Say why you decline."))
        if form.ok and decision:
            try:
                rfi.decide(page.ctx, request_id, decision, sections, linked, note)
            except FieldProblem as exc:
                form.error(
                    str(exc.loc[-1]), N_("Not accepted: %(reason)s"), reason=exc.said(page.lang)
                )
        if not form.ok:
            shown = rfi.show(page.ctx, request_id)
            raise page.reject("information_request.html", _shown_context(page, shown, form))
        url = _url(request_id)
        claimed.complete(page.db, url)
        return page.redirect(url, N_("Your answer was sent to the asker."))

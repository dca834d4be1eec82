"""Discovery: "Does anyone else hold him?" — a name, a date of birth and a document typed
(or a person page's button), answered hit or no hit per holder (``actions.discovery``).

A POST, like the search: what is asked about stays out of URLs, history and logs.  The
answer shows per holder a band, the holder as its owner allows and a reference; never a
name, and the form does not keep the name typed after answering.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.datastructures import FormData

from amanat.actions import discovery
from amanat.actions.door import binds
from amanat.actions.errors import FieldProblem
from amanat.language.i18n import N_
from amanat.language.refusal import said
from amanat.names.dates import usable_date
from amanat.service.web import form_token
from amanat.service.web.form_input import FormInput, read_form
from amanat.service.web.labels import options
from amanat.service.web.page import Page, SignedIn

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
TEMPLATE = "discover.html"
GIVE_SOMETHING = N_("Give a name, or a document number.")
GIVE_BIRTH_DATE = N_("Give a real date of birth as YYYY, MM.YYYY or DD.MM.YYYY, or leave it empty.")
BANDS = {
    "certain": N_("Certain"),
    "probable": N_("Probable"),
    "possible": N_("Possible"),
}


def _context(
    page: Page, form: FormInput, outcome: discovery.Outcome | None, person_id: int | None = None
) -> dict[str, Any]:
    return {
        "person_id": person_id,
        "form": form,
        "outcome": outcome,
        "bases": options("legal_basis", page.lang),
        "document_types": options("document_type", page.lang),
        "bands": BANDS,
    }


@router.get("/discover")
@binds(discovery.ask)
def discover_page(page: SignedIn) -> Response:
    # From a person page: the query is that record, read by the action.
    person_id = FormInput(page.request.query_params, page.lang).integer("person_id", 1, 2**62)
    return page.render(TEMPLATE, _context(page, FormInput.blank(page.lang), None, person_id))


def _query(form: FormInput) -> discovery.Query | None:
    name = form.text("name", limit=200)
    born = form.text("born", limit=40)
    doc_type = form.text("document_type", limit=40)
    number = form.text("document", limit=60)
    country = form.text("document_country", limit=2)
    if born and usable_date(born)[0] is None:
        form.error("born", GIVE_BIRTH_DATE)
    if not name and not number:
        form.error("name", GIVE_SOMETHING)
    if not form.ok:
        return None
    documents = [(doc_type or "national_passport", country, number)] if number else []
    return discovery.Query(names=[name] if name else [], born=born, documents=documents)


@router.post("/discover")
@binds(discovery.ask)
def discover(page: SignedIn, data: Form) -> Response:
    form = FormInput(data, page.lang)
    form_token.verify(page.request, form.raw("form_token"))
    purpose = form.text("purpose", required=True, limit=500)
    basis = form.choice("basis", dict(options("legal_basis", page.lang, blank=False)), True)
    person_id = form.integer("person_id", 1, 2**62)
    query = discovery.Query(person_id=person_id) if person_id else _query(form)
    outcome = None
    if form.ok and query is not None and purpose and basis:
        try:
            [outcome] = discovery.ask(page.ctx, [query], purpose, basis)
        except FieldProblem as exc:
            form.error(str(exc.loc[-1]), N_("Not accepted: %(reason)s"), reason=page._(exc.message))
        except PermissionError as exc:
            form.error("purpose", N_("Not accepted: %(reason)s"), reason=said(exc, page.lang))
    # Answered: the name typed is not echoed back into the form.
    kept = {"purpose": purpose, "basis": basis} if outcome is not None else None
    shown = FormInput.blank(page.lang, kept) if kept else form
    status = 200 if form.ok else 422
    context = _context(page, shown, outcome, person_id)
    return page.render(TEMPLATE, context, status_code=status)

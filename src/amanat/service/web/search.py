"""Search: people by name in any script, phone or document number, one row per person;
and cases, groups, places, weapons, vehicles and phones.

The search is a POST, not a GET: what is searched for (often a name) stays out of
URLs, browser history and server logs.  People are found by ``person.search_grouped``:
the records resolution joined are one row, with every spelling and agency the user
may see.  It needs a stated purpose and is audited; protected people are never found.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.datastructures import FormData

from amanat.actions import discovery, record_search, records
from amanat.actions.door import allowed, binds
from amanat.actions.errors import FieldProblem
from amanat.actions.people import grouped
from amanat.language.i18n import N_
from amanat.names.dates import usable_date
from amanat.service.web import form_token, titles
from amanat.service.web.form_input import FormInput, read_form
from amanat.service.web.form_writes import offer
from amanat.service.web.page import Page, SignedIn

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
LIMIT = 20
GIVE_PURPOSE = N_("Say why you search: it is recorded in the audit trail.")
GIVE_BIRTH_DATE = N_("Give a real date of birth as YYYY, MM.YYYY or DD.MM.YYYY, or leave it empty.")
SEARCHING = (grouped.search_grouped, record_search.search, records.list_organisations)


def _readable_birth_date(text: str) -> bool:
    return usable_date(text)[0] is not None


def _records(page: Page, query: str, purpose: str) -> dict[str, list[tuple[str, str, str]]]:
    """(url, title, note) of visible cases, groups, places and weapons that match."""
    found = record_search.search(page.ctx, query, purpose)
    return {
        kind: [
            (titles.record_url(kind, row.id) or "", titles.record_title(kind, row, page.lang), "")
            for row in rows
        ]
        for kind, rows in found.items()
    }


@router.get("/search")
@binds(*SEARCHING)
def search_page(page: SignedIn) -> Response:
    offer(page, grouped.search_grouped)
    form = FormInput.blank(page.lang, {"purpose": page.request.session.get("search_purpose")})
    return page.render("search.html", {"form": form, "people": None, "found": {}})


@router.post("/search")
@binds(*SEARCHING)
def search(page: SignedIn, data: Form) -> Response:
    offer(page, grouped.search_grouped)
    form = FormInput(data, page.lang)
    form_token.verify(page.request, form.raw("form_token"))
    query = form.text("q", required=True, limit=300)
    purpose = form.text("purpose", limit=500)
    born = form.text("born", limit=40)
    if query and not purpose:
        form.error("purpose", GIVE_PURPOSE)
    if born and not _readable_birth_date(born):
        form.error("born", GIVE_BIRTH_DATE)
    people = None
    found: dict[str, list[tuple[str, str, str]]] = {}
    if form.ok and query and purpose:
        page.request.session["search_purpose"] = purpose
        try:
            people = grouped.search_grouped(page.ctx, query, purpose, LIMIT, born or None)
            found = _records(page, query, purpose)
        except FieldProblem as exc:
            form.error("q", N_("Not accepted: %(reason)s"), reason=exc.said(page.lang))
    orgs = titles.directory(page.ctx, page.lang)
    # htmx swaps only successful answers; it shows the errors in the page it swaps in.
    status = 200 if form.ok or page.request.headers.get("hx-request") else 422
    context = {
        "form": form,
        "people": people,
        "found": found,
        "orgs": orgs,
        "may_discover": allowed(page.ctx, discovery.ask),
    }
    return page.render("search.html", context, status_code=status)

"""Search: people by name in any script, and cases, groups, places and weapons.

The search is a POST, not a GET: what is searched for (often a name) stays out of
URLs, browser history and server logs.  People are found by the API's own search,
which needs a stated purpose and is audited; protected people are never found.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlalchemy import or_, select
from starlette.datastructures import FormData

from amanat.access.reads import read_many
from amanat.access.visibility import visible
from amanat.actions import records
from amanat.actions.errors import FieldProblem
from amanat.names.dates import usable_date
from amanat.register import Case, CriminalGroup, Place, Weapon
from amanat.service.web import form_token, titles
from amanat.service.web.form_input import FormInput, read_form
from amanat.service.web.i18n import N_
from amanat.service.web.page import Page, SignedIn

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
LIMIT = 20
GIVE_PURPOSE = N_("Say why you search: it is recorded in the audit trail.")
GIVE_BIRTH_DATE = N_("Give a real date of birth as YYYY, MM.YYYY or DD.MM.YYYY, or leave it empty.")


def _readable_birth_date(text: str) -> bool:
    return usable_date(text)[0] is not None


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _records(page: Page, query: str, purpose: str) -> dict[str, list[tuple[str, str, str]]]:
    """(url, title, note) of visible cases, groups, places and weapons that match."""
    viewer = page.user.viewer
    like = _like(query)
    searches: list[tuple[str, Any, Any]] = [
        ("case", Case, or_(Case.case_number == query, Case.title.ilike(like, escape="\\"))),
        (
            "group",
            CriminalGroup,
            or_(
                CriminalGroup.name.ilike(like, escape="\\"),
                CriminalGroup.alias.ilike(like, escape="\\"),
            ),
        ),
        (
            "place",
            Place,
            or_(Place.name.ilike(like, escape="\\"), Place.name_ru.ilike(like, escape="\\")),
        ),
        ("weapon", Weapon, Weapon.serial_number == query),
    ]
    found: dict[str, list[tuple[str, str, str]]] = {}
    for kind, model, condition in searches:
        rows = list(
            page.db.scalars(
                select(model)
                .where(condition, visible(model, viewer))
                .order_by(model.id)
                .limit(LIMIT)
            )
        )
        read_many(page.db, viewer, rows, purpose)
        found[kind] = [
            (titles.record_url(kind, row.id) or "", titles.record_title(kind, row, page.lang), "")
            for row in rows
        ]
    return found


@router.get("/search")
def search_page(page: SignedIn) -> Response:
    form = FormInput.blank(page.lang, {"purpose": page.request.session.get("search_purpose")})
    return page.render("search.html", {"form": form, "people": None, "found": {}})


@router.post("/search")
def search(page: SignedIn, data: Form) -> Response:
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
            people = records.search_people(
                page.db, page.user, query, purpose, limit=LIMIT, born=born or None
            )
        except FieldProblem as exc:
            form.error("q", N_("Not accepted: %(reason)s"), reason=page._(exc.message))
        found = _records(page, query, purpose)
    orgs = titles.organisation_names(page.db)
    # htmx swaps only successful answers; it shows the errors in the page it swaps in.
    status = 200 if form.ok or page.request.headers.get("hx-request") else 422
    context = {"form": form, "people": people, "found": found, "orgs": orgs}
    return page.render("search.html", context, status_code=status)

"""A page for each record: its fields, its links, its provenance and its sharing panel.

The record and its links come from ``records.links_of`` (one audited read of the
record, each linked list filtered by its own marking); the page is then built from
what that returned, so it shows nothing the API would not.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from sqlalchemy import select

from amanat.access.models import SharingGroup
from amanat.access.sharing import visible_record
from amanat.access.source_files import SourceFile
from amanat.access.visibility import visible
from amanat.actions import records
from amanat.actions.records.kinds import RECORD_API_KINDS
from amanat.register import Case
from amanat.service.web import identity, record_edit, record_facts, review, sharing, titles
from amanat.service.web.form_input import FormInput
from amanat.service.web.page import Page, SignedIn
from amanat.service.web.record_links import Names, describe, names_for

router = APIRouter(include_in_schema=False)
# Kinds with a page of their own; the others use the general one.
TEMPLATES = {
    "case": "record_case.html",
    "person": "record_person.html",
    "victim": "record_victim.html",
}
# Links shown in the body of a kind's own template rather than as plain lists.
OWN_LINKS = {"case": frozenset({"events"})}
# Outgoing links shown inline, among the fields.
INLINE = frozenset(
    {
        "case",
        "person",
        "place",
        "source",
        "seizure",
        "storage_loss",
        "birth_place",
        "parent",
        "from_person",
        "from_group",
        "to_person",
        "to_group",
        "to_vehicle",
        "to_phone",
    }
)


def record_context(
    page: Page,
    kind: str,
    record_id: int,
    sharing_form: FormInput | None = None,
    revealed: identity.Shown | None = None,
) -> dict[str, Any]:
    caller = page.user
    links = records.links_of(page.ctx, kind, record_id)
    record = visible_record(page.db, caller.viewer, kind, record_id)
    own = (
        {kind: {record.id: titles.record_title(kind, record, page.lang)}}
        if kind not in ("person", "victim")
        else {}
    )
    names = names_for(
        page.db, caller.viewer, links, page.lang, record_facts.referenced_ids(record), own
    )
    sections = [
        (name, [describe(row, names, kind) for row in rows])
        for name, rows in links.items()
        if rows and name not in INLINE and name not in OWN_LINKS.get(kind, frozenset())
    ]
    group = page.db.get(SharingGroup, record.sharing_group_id) if record.sharing_group_id else None
    context: dict[str, Any] = {
        "template": TEMPLATES.get(kind, "record.html"),
        "kind": kind,
        "record": record,
        "title": _title(kind, record, names),
        "facts": record_facts.facts_of(record, names),
        "tables": record_facts.child_tables(record, names, frozenset({"charges"})),
        "sections": sections,
        "provenance": record_facts.provenance(record, names, group.name if group else None),
        "sharing": sharing.panel(page, kind, record, sharing_form),
        "is_owner": record.org_id == caller.viewer.org_id,
        "change_urls": record_edit.change_urls(page, kind, record),
        "source_file": page.db.get(SourceFile, record.id) if kind == "source" else None,
    }
    if kind == "case":
        events = sorted(links.get("events", []), key=lambda e: (e.occurred_on, e.id))
        context["timeline"] = [describe(e, names, kind) for e in events]
    if kind in ("person", "victim"):
        person_id = record.id if kind == "person" else record.person_id
        context["identity"] = identity.panel(page, person_id, revealed)
        context["blank_form"] = FormInput.blank(page.lang)
    if kind == "person":
        context["entity"] = review.entity_panel(page, record)
    return context


def _title(kind: str, record: Any, names: Names) -> str:
    if kind == "person":
        return str(names.by_kind.get("person", {}).get(record.id) or f"#{record.id}")
    if kind == "victim":
        return str(names.by_kind.get("victim", {}).get(record.id) or f"V#{record.id}")
    return titles.record_title(kind, record, names.lang)


def show(page: Page, kind: str, record_id: int) -> Response:
    context = record_context(page, kind, record_id)
    return page.render(context["template"], context)


def _add_route(kind: str, path: str) -> None:
    def record_page(page: SignedIn, record_id: int) -> Response:
        return show(page, kind, record_id)

    record_page.__name__ = f"{kind}_page"
    router.add_api_route(f"/{path}/{{record_id:int}}", record_page, methods=["GET"])


for _kind in RECORD_API_KINDS:
    _add_route(_kind.name, _kind.path)


def visible_cases(page: Page, limit: int = 200) -> list[tuple[str, str]]:
    """(id, title) of the cases the user can see, newest first, for select lists."""
    query = (
        select(Case).where(visible(Case, page.user.viewer)).order_by(Case.id.desc()).limit(limit)
    )
    return [(str(c.id), titles.record_title("case", c, page.lang)) for c in page.db.scalars(query)]

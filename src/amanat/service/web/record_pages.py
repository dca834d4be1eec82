"""A page for each record: its fields, its links, its provenance and its sharing panel.

The record and its links come from ``record.view`` (one audited read of the record,
each linked list filtered by its own marking), the titles of what it names from
``record.named``; the page is built from what those returned, so it shows nothing
the API would not.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from amanat.actions import discovery, named, record_view, referrals, sources
from amanat.actions.door import allowed, binds
from amanat.actions.people import profile
from amanat.actions.people.identity import Shown, protection
from amanat.actions.records.kinds import RECORD_API_KINDS
from amanat.actions.resolution import review as reviewing
from amanat.service.web import (
    identity_panel,
    person_profile,
    record_edit,
    record_facts,
    record_sharing,
    titles,
)
from amanat.service.web import (
    referrals as referral_pages,
)
from amanat.service.web.form_input import FormInput
from amanat.service.web.page import Page, SignedIn
from amanat.service.web.record_links import Names, describe, names_for, wanted

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


# Every action a record's page runs; pages that show it again (a refused form of its
# panels, a revealed identity) are bound to them too.
ACTIONS = (
    record_view.view,
    named.named,
    sources.file_of,
    protection,
    # a person's merged profile: every record of the same person the user may see
    profile.profile,
    # a victim's referrals
    referrals.of_victim,
    *record_sharing.ACTIONS,
)


def record_context(
    page: Page,
    kind: str,
    record_id: int,
    sharing_form: FormInput | None = None,
    revealed: Shown | None = None,
) -> dict[str, Any]:
    ctx = page.ctx
    view = record_view.view(ctx, kind, record_id)
    record, links = view.record, view.links
    own = (
        {kind: {record.id: titles.record_title(kind, record, page.lang)}}
        if kind not in ("person", "victim")
        else {}
    )
    # A person's other records are read first: the page names their sources too.
    merged = profile.profile(ctx, record) if kind == "person" else []
    referenced = record_facts.referenced_ids(record)
    referenced.setdefault("source", set()).update(p.source_id for p in merged if p.source_id)
    found = named.named(ctx, wanted(links, referenced))
    directory = titles.organisations(ctx)
    orgs = {org.id: org.name_in(page.lang) for org in directory}
    names = names_for(links, found, view.pseudonyms, orgs, page.lang, own)
    sections = [
        (name, [describe(row, names, kind) for row in rows])
        for name, rows in links.items()
        if rows and name not in INLINE and name not in OWN_LINKS.get(kind, frozenset())
    ]
    panel = record_sharing.panel(page, kind, record, sharing_form, directory)
    context: dict[str, Any] = {
        "template": TEMPLATES.get(kind, "record.html"),
        "kind": kind,
        "record": record,
        "title": _title(kind, record, view.pseudonyms, names),
        "facts": record_facts.facts_of(record, names),
        "tables": record_facts.child_tables(record, names, frozenset({"charges"})),
        "sections": sections,
        "provenance": record_facts.provenance(record, names, panel.group),
        "sharing": panel,
        "is_owner": record.org_id == ctx.viewer.org_id,
        "change_urls": record_edit.change_urls(page, kind, record),
        "source_file": sources.file_of(ctx, record.id) if kind == "source" else None,
    }
    if kind == "case":
        events = sorted(links.get("events", []), key=lambda e: (e.occurred_on, e.id))
        context["timeline"] = [describe(e, names, kind) for e in events]
    if kind in ("person", "victim"):
        person_id = record.id if kind == "person" else record.person_id
        context["identity"] = identity_panel.panel(page, person_id, revealed)
        context["blank_form"] = FormInput.blank(page.lang)
    if kind == "person":
        countries = {org.id: org.country for org in directory}
        context["profile"] = merged
        context["profile_orgs"] = orgs
        context["profile_lines"] = person_profile.lines(merged, names, countries)
        context["may_split"] = len(merged) > 1 and allowed(ctx, reviewing.split)
        # "Does anyone else hold him?": never about a protected person.
        context["may_discover"] = not record.is_protected and allowed(ctx, discovery.ask)
    if kind == "victim" and allowed(ctx, referrals.of_victim):
        context["referrals"] = referrals.of_victim(ctx, record.id)
        context.update(referral_pages.answering(page, orgs))
    return context


def _title(kind: str, record: Any, pseudonyms: dict[int, str], names: Names) -> str:
    if kind == "person":
        return titles.person_title(record, pseudonyms)
    if kind == "victim":
        return titles.victim_title(record, pseudonyms)
    return titles.record_title(kind, record, names.lang)


def show(page: Page, kind: str, record_id: int) -> Response:
    context = record_context(page, kind, record_id)
    return page.render(context["template"], context)


def _add_route(kind: str, path: str) -> None:
    @binds(*ACTIONS)
    def record_page(page: SignedIn, record_id: int) -> Response:
        return show(page, kind, record_id)

    record_page.__name__ = f"{kind}_page"
    router.add_api_route(f"/{path}/{{record_id:int}}", record_page, methods=["GET"])


for _kind in RECORD_API_KINDS:
    _add_route(_kind.name, _kind.path)

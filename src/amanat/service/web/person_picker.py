"""Choosing a person in a form: the people of a case, or a name search.

The people of a case are its roles and victims as ``record.list`` shows them (each
filtered by its own marking, each read audited), named by ``record.named``.  The
search is the API's (``person.search``): any script, visible people only,
protected people never, audited with the form's purpose.

The name searched comes from the search box above the form (a GET: the page's own
query string) or from the form itself (a hidden field, when it is sent), so it is
read from what the form holds, given or typed (``query``), never from the posted
data alone: a page shown for the first time has none.
"""

from __future__ import annotations

from dataclasses import dataclass

from amanat.actions import named, records
from amanat.actions.errors import FieldProblem
from amanat.service.web import titles
from amanat.service.web.form_input import FormInput
from amanat.service.web.page import Page

SEARCH_LIMIT = 15
# Roles and victims of a case offered at most (one page of ``record.list``).
CASE_PEOPLE = 200
# What ``case_people`` and ``search`` run.
CASE_PEOPLE_ACTIONS = (records.list_records, named.named)
SEARCH_ACTIONS = (records.search_people, records.list_organisations)


@dataclass(frozen=True)
class Choice:
    person_id: int
    title: str
    note: str = ""


def case_people(page: Page, case_id: int, purpose: str) -> list[Choice]:
    """People with a role in the case, and its victims (by pseudonym)."""
    ctx, given = page.ctx, {"case_id": case_id}
    roles = records.list_records(ctx, "case_role", given, limit=CASE_PEOPLE, purpose=purpose)
    victims = records.list_records(ctx, "victim", given, limit=CASE_PEOPLE, purpose=purpose)
    found: dict[int, str] = {}
    for role in roles.items:
        found.setdefault(role.person_id, role.role)
    for victim in victims.items:
        if victim.person_id is not None:
            found.setdefault(victim.person_id, "victim")
    people = named.named(ctx, {"person": found}, purpose)
    names = titles.titles_from(people, "person", page.lang)
    return [Choice(pid, names[pid], role) for pid, role in found.items() if pid in names]


def searched_name(form: FormInput) -> str:
    """The name searched: in the page's address (the search box) or sent with the form."""
    value = form.values.get("q", "")
    # a bad one (too long, a NUL) finds no one: ``search`` answers nothing for it
    return value.strip() if isinstance(value, str) else ""


def search(page: Page, query: str | None, purpose: str) -> list[Choice]:
    if not query:
        return []
    try:
        hits = records.search_people(page.ctx, query, purpose, limit=SEARCH_LIMIT)
    except FieldProblem:
        return []
    orgs = titles.directory(page.ctx, page.lang)
    return [Choice(h.person_id, h.display_name, orgs.get(h.org_id, "")) for h in hits]

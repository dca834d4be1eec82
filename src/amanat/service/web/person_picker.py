"""Choosing a person in a form: the people of a case, or a name search.

The search is the API's (``records.search_people``): any script, visible people
only, protected people never, audited with the form's purpose.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from amanat.access.visibility import visible
from amanat.actions import records
from amanat.actions.errors import FieldProblem
from amanat.register import CaseRole, Victim
from amanat.service.web import titles
from amanat.service.web.page import Page

SEARCH_LIMIT = 15


@dataclass(frozen=True)
class Choice:
    person_id: int
    title: str
    note: str = ""


def case_people(page: Page, case_id: int) -> list[Choice]:
    """People with a role in the case, and its victims (by pseudonym)."""
    viewer = page.user.viewer
    roles = page.db.execute(
        select(CaseRole.person_id, CaseRole.role)
        .where(CaseRole.case_id == case_id, visible(CaseRole, viewer))
        .order_by(CaseRole.id)
    )
    victims = page.db.scalars(
        select(Victim.person_id).where(
            Victim.case_id == case_id, Victim.person_id.is_not(None), visible(Victim, viewer)
        )
    )
    found: dict[int, str] = {}
    for person_id, role in roles:
        found.setdefault(person_id, role)
    for victim_person in victims:
        if victim_person is not None:
            found.setdefault(victim_person, "victim")
    names = titles.person_titles(page.db, viewer, found)
    return [Choice(pid, names[pid], role) for pid, role in found.items() if pid in names]


def search(page: Page, query: str | None, purpose: str) -> list[Choice]:
    if not query:
        return []
    try:
        hits = records.search_people(page.db, page.user, query, purpose, limit=SEARCH_LIMIT)
    except FieldProblem:
        return []
    orgs = titles.organisation_names(page.db)
    return [Choice(h.person_id, h.display_name, orgs.get(h.org_id, "")) for h in hits]

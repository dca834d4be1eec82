"""Finding and attaching a known person: on "Add a person to the case" and "Link to
another person" the search box finds people in any script and one click attaches
them; a new person is created only after the likely matches were shown."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from tests.service.web.conftest import (
    MARKING,
    Web,
    add_suspect,
    open_case,
    register_victim,
    submit,
    text_of,
)

from amanat.access.audit_store import AuditRecord
from amanat.register import CaseRole, Person, Relationship
from amanat.resolve.models import Candidate, Judgement
from amanat.store.engine import transaction

NAME = "Mamadaliev Ulugbek"


def _attach_button(html: str, person_id: int) -> bool:
    """Whether the page offers to attach the person with one click."""
    return bool(re.search(rf'<button[^>]*name="person_id"[^>]*value="{person_id}"', html))


def _count(web: Web, model: type) -> int:
    with transaction(web.engine) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_the_search_box_finds_a_person_in_another_script(web: Web) -> None:
    police = web.client("police")
    first_case = open_case(police)
    person = add_suspect(police, first_case, NAME)
    second_case = open_case(police, case_number="KZ-2024-002")
    page = police.get(f"/cases/{second_case}/people/new", params={"q": "Мамадалиев"})
    assert page.status_code == 200
    shown = text_of(page.text)
    assert "Search by name above first." not in shown
    assert NAME in shown
    assert _attach_button(page.text, person)
    assert 'value="Мамадалиев"' in page.text  # the box keeps what was typed


def test_the_link_form_finds_the_other_person(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    first = add_suspect(police, case_id, "Джуманбеков Ерлан")
    second = add_suspect(police, case_id, NAME)
    page = police.get(f"/people/{first}/links/new", params={"q": "Мамадалиев"})
    assert "Search by name above first." not in text_of(page.text)
    assert _attach_button(page.text, second)


def test_a_search_that_finds_nobody_says_so(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    page = police.get(f"/cases/{case_id}/people/new", params={"q": "Тестов"})
    assert "Nobody you can see has this name." in text_of(page.text)


def test_one_click_attaches_the_person_found(web: Web) -> None:
    police = web.client("police")
    first_case = open_case(police)
    person = add_suspect(police, first_case, NAME)
    second_case = open_case(police, case_number="KZ-2024-002")
    url = f"/cases/{second_case}/people/new"
    # what the form sends when the person's button is clicked: its own fields as shown
    answer = submit(
        police,
        url,
        {**MARKING, "q": "Мамадалиев", "role": "suspect", "person_id": str(person)},
        form_page=f"{url}?q=Мамадалиев",
    )
    assert answer.status_code == 303, text_of(answer.text)
    assert _count(web, Person) == 1
    with transaction(web.engine) as session:
        roles = session.execute(select(CaseRole.case_id, CaseRole.person_id)).all()
    assert sorted(roles) == [(first_case, person), (second_case, person)]


def test_one_click_links_the_person_found(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    first = add_suspect(police, case_id, "Джуманбеков Ерлан")
    second = add_suspect(police, case_id, NAME)
    url = f"/people/{first}/links/new"
    answer = submit(
        police,
        url,
        {**MARKING, "q": "Мамадалиев", "kind": "associate", "person_id": str(second)},
        form_page=f"{url}?q=Мамадалиев",
    )
    assert answer.status_code == 303, text_of(answer.text)
    with transaction(web.engine) as session:
        link = session.scalars(select(Relationship)).one()
    assert (link.from_person_id, link.to_person_id) == (first, second)


def test_a_new_persons_likely_matches_are_shown_first(web: Web) -> None:
    police = web.client("police")
    first_case = open_case(police)
    person = add_suspect(police, first_case, NAME)
    second_case = open_case(police, case_number="KZ-2024-002")
    url = f"/cases/{second_case}/people/new"
    new = {**MARKING, "role": "suspect", "full_name": "Мамадалиев Улугбек", "sex": "male"}
    shown = submit(police, url, new)
    assert shown.status_code == 200
    assert "Is this one of them?" in text_of(shown.text)
    assert _attach_button(shown.text, person)
    assert 'name="create_anyway" value="Мамадалиев Улугбек"' in shown.text
    assert _count(web, Person) == 1
    # "create anyway" for another name than the one shown shows its matches again
    other = submit(police, url, {**new, "create_anyway": "Мамадалиев"})
    assert "Is this one of them?" in text_of(other.text)
    assert _count(web, Person) == 1


def test_a_person_created_anyway_is_queued_for_resolution_at_once(web: Web) -> None:
    police = web.client("police")
    first_case = open_case(police)
    person = add_suspect(police, first_case, NAME)
    second_case = open_case(police, case_number="KZ-2024-002")
    # born the same year in the same country (``add_suspect``): the name alone would not do
    born = {"sex": "male", "birth_year": "1980", "citizenship": "KZ"}
    new = {**MARKING, **born, "role": "suspect", "full_name": "Мамадалиев Улугбек"}
    answer = submit(
        police,
        f"/cases/{second_case}/people/new",
        {**new, "create_anyway": "Мамадалиев Улугбек"},
    )
    assert answer.status_code == 303, text_of(answer.text)
    assert _count(web, Person) == 2
    with transaction(web.engine) as session:
        created = session.scalars(select(Person.id).where(Person.id != person)).one()
        merged = session.execute(select(Judgement.left_id, Judgement.right_id)).all()
        queued = session.execute(select(Candidate.left_id, Candidate.right_id)).all()
        entries = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "resolve_arrived")
        ).all()
    assert [tuple(p) for p in [*merged, *queued]] == [(person, created)]
    assert [e.target_id for e in entries] == [str(person), str(created)]


def test_a_name_nobody_has_is_created_at_once(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    new = {**MARKING, "role": "suspect", "full_name": "Тестов Тест"}
    answer = submit(police, f"/cases/{case_id}/people/new", new)
    assert answer.status_code == 303, text_of(answer.text)
    assert _count(web, Person) == 1


def test_a_victims_recruiter_is_picked_for_her_case(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    victim_id = register_victim(web.client("ngo"), case_id=str(case_id))
    url = f"/cases/{case_id}/people/new?perpetrator_role=RecruiterOrIntermediary"
    assert f'href="{url}"' in police.get(f"/victims/{victim_id}").text.replace("&amp;", "&")
    form = police.get(f"{url}&q=Мамадалиев").text
    assert re.search(r"<option value=\"RecruiterOrIntermediary\"\s+selected", form)

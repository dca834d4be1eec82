"""The record forms: what they write, errors beside the fields in the user's language,
nothing half-saved, one record per form however often it is sent."""

from __future__ import annotations

import io
import re
import threading
import uuid

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from tests.service.web.conftest import (
    MARKING,
    Web,
    add_suspect,
    form_token,
    open_case,
    submit,
    text_of,
)

from amanat.access.audit_store import AuditRecord
from amanat.register import Case, CaseRole, Person, PipelineEvent, Relationship, Seizure, Source
from amanat.register import Weapon as WeaponRecord
from amanat.store.engine import transaction


def _count(web: Web, model: type) -> int:
    with transaction(web.engine) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _error_beside(html: str, field: str) -> str:
    """The error message shown right under the field ``field``."""
    found = re.search(rf'id="{field}-error">([^<]+)<', html)
    assert found, f"no error beside {field}"
    assert f'id="f-{field}"' in html or f'aria-describedby="{field}-error"' in html
    return found.group(1)


def test_opening_a_case_writes_it_with_its_marking(web: Web) -> None:
    case_id = open_case(web.client("police"))
    with transaction(web.engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        assert (case.case_number, case.tlp, case.distribution) == ("KZ-2024-001", "AMBER", "group")
        assert case.sharing_group_id is not None
        # Its identity across the federation, as through every other door.
        assert str(uuid.UUID(case.global_id)) == case.global_id and case.origin_node_id is None


def test_errors_appear_beside_their_fields(web: Web) -> None:
    police = web.client("police")
    answer = submit(
        police,
        "/cases/new",
        {
            **MARKING,
            "case_type": "",
            "jurisdiction": "KZ",
            "status": "investigation",
            "opened_on": "2999-01-01",
        },
    )
    assert answer.status_code == 422
    assert _error_beside(answer.text, "case_type") == "This field is required."
    assert _error_beside(answer.text, "opened_on") == "This date is in the future."
    assert 'aria-invalid="true"' in answer.text
    assert 'aria-describedby="opened_on-error"' in answer.text
    assert _count(web, Case) == 0


def test_errors_are_in_the_users_language(web: Web) -> None:
    answer = submit(
        web.client("police-ru"),
        "/cases/new",
        {
            **MARKING,
            "case_type": "",
            "jurisdiction": "KZ",
            "status": "investigation",
            # Not 1.3.2024: a day.month.year date is read by every door.
            "opened_on": "3/1/2024",
        },
    )
    assert _error_beside(answer.text, "case_type") == "Это поле обязательно."
    assert _error_beside(answer.text, "opened_on").startswith("Укажите дату")
    assert "Ничего не сохранено" in answer.text


def test_the_form_keeps_what_was_typed(web: Web) -> None:
    answer = submit(
        web.client("police"),
        "/cases/new",
        {
            **MARKING,
            "case_type": "tip",
            "jurisdiction": "",
            "status": "investigation",
            "title": "Kept title",
        },
    )
    assert 'value="Kept title"' in answer.text


def test_a_distribution_wider_than_the_marking_is_refused(web: Web) -> None:
    answer = submit(
        web.client("police"),
        "/cases/new",
        {
            **MARKING,
            "tlp": "RED",
            "distribution": "community",
            "case_type": "tip",
            "jurisdiction": "KZ",
            "status": "investigation",
        },
    )
    assert _error_beside(answer.text, "distribution") == "This is wider than the marking allows."


def test_a_double_submitted_form_creates_one_record(web: Web) -> None:
    police = web.client("police")
    page = police.get("/cases/new")
    data = {
        "form_token": form_token(page.text),
        **MARKING,
        "case_type": "tip",
        "jurisdiction": "KZ",
        "status": "investigation",
    }
    first = police.post("/cases/new", data=data, follow_redirects=False)
    second = police.post("/cases/new", data=data, follow_redirects=False)
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert _count(web, Case) == 1


def test_a_form_sent_again_after_an_error_works(web: Web) -> None:
    police = web.client("police")
    page = police.get("/cases/new")
    data = {
        "form_token": form_token(page.text),
        **MARKING,
        "jurisdiction": "KZ",
        "status": "investigation",
    }
    assert police.post("/cases/new", data=data).status_code == 422
    fixed = police.post("/cases/new", data={**data, "case_type": "tip"}, follow_redirects=False)
    assert fixed.status_code == 303
    assert _count(web, Case) == 1


def test_a_forged_or_foreign_token_is_refused(web: Web) -> None:
    police = web.client("police")
    police.get("/cases/new")
    forged = police.post(
        "/cases/new",
        data={
            "form_token": "abc.def",
            **MARKING,
            "case_type": "tip",
            "jurisdiction": "KZ",
            "status": "investigation",
        },
    )
    assert forged.status_code == 403
    other = web.client("prosecutor")
    token = form_token(other.get("/cases/new").text)
    stolen = police.post(
        "/cases/new",
        data={
            "form_token": token,
            **MARKING,
            "case_type": "tip",
            "jurisdiction": "KZ",
            "status": "investigation",
        },
    )
    assert stolen.status_code == 403
    assert _count(web, Case) == 0


def test_adding_a_person_and_pipeline_events(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    suspect = add_suspect(police, case_id)
    arrest = {
        **MARKING,
        "stage": "arrested",
        "occurred_on": "2024-04-01",
        "person_id": str(suspect),
    }
    assert submit(police, f"/cases/{case_id}/events/new", arrest).status_code == 303
    charge = {
        **MARKING,
        "stage": "charged",
        "occurred_on": "2024-04-05",
        "person_id": str(suspect),
        "article": "128",
        "part": "3",
    }
    assert submit(police, f"/cases/{case_id}/events/new", charge).status_code == 303
    with transaction(web.engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        assert [(c.article, c.part, c.person_id) for c in case.charges] == [("128", "3", suspect)]
        assert session.scalar(select(func.count()).select_from(CaseRole)) == 1
    assert "KZ 128 (3)" in text_of(police.get(f"/cases/{case_id}").text)


def test_a_charge_needs_its_article_and_a_sentence_its_stage(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    answer = submit(
        police,
        f"/cases/{case_id}/events/new",
        {**MARKING, "stage": "charged", "occurred_on": "2024-04-05"},
    )
    assert _error_beside(answer.text, "article") == "This field is required."
    answer = submit(
        police,
        f"/cases/{case_id}/events/new",
        {**MARKING, "stage": "sentenced", "occurred_on": "2024-04-05", "fine_amount": "1000"},
    )
    assert _error_beside(answer.text, "fine_currency") == "Give the currency of the fine."
    assert _count(web, PipelineEvent) == 0


def test_an_event_may_name_only_people_of_the_case(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    other_case = open_case(police, case_number="X-2")
    stranger = add_suspect(police, other_case, "Someone Else")
    answer = submit(
        police,
        f"/cases/{case_id}/events/new",
        {**MARKING, "stage": "arrested", "occurred_on": "2024-04-01", "person_id": str(stranger)},
    )
    assert _error_beside(answer.text, "person_id").startswith("Choose one of the people")


def test_a_prosecutor_records_a_conviction_in_a_police_case(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    suspect = add_suspect(police, case_id)
    prosecutor = web.client("prosecutor")
    verdict = {
        **MARKING,
        "stage": "convicted",
        "occurred_on": "2024-09-01",
        "person_id": str(suspect),
        "court": "Almaty district court",
    }
    assert submit(prosecutor, f"/cases/{case_id}/events/new", verdict).status_code == 303
    page = text_of(police.get(f"/cases/{case_id}").text)
    assert "Convicted · Sep 1, 2024 · Джуманбеков Ерлан · Almaty district court" in page
    assert "Kazakhstan prosecutor" in page


def test_a_seizure_with_drugs_and_weapons(web: Web) -> None:
    police = web.client("police")
    answer = submit(
        police,
        "/seizures/new",
        {
            **MARKING,
            "seized_on": "2024-05-01",
            "country": "KZ",
            "substance_1": "heroin",
            "quantity_1": "12,5",
            "weapon_type_1": "pistol",
            "serial_number_1": "MK-1",
            "weapon_type_2": "rifle",
            "make_2": "Kalashnikov",
            "cash_amount": "1500",
            "cash_currency": "USD",
        },
    )
    assert answer.status_code == 303, text_of(answer.text)
    with transaction(web.engine) as session:
        seizure = session.scalars(select(Seizure)).one()
        assert [(d.substance, float(d.quantity_kg)) for d in seizure.drugs] == [("heroin", 12.5)]
        weapons = session.scalars(select(WeaponRecord).order_by(WeaponRecord.id)).all()
        assert [(w.weapon_type, w.seizure_id) for w in weapons] == [
            ("pistol", seizure.id),
            ("rifle", seizure.id),
        ]


def test_a_half_filled_seizure_row_is_refused_whole(web: Web) -> None:
    answer = submit(
        web.client("police"),
        "/seizures/new",
        {
            **MARKING,
            "seized_on": "2024-05-01",
            "country": "KZ",
            "substance_1": "heroin",
            "weapon_type_1": "pistol",
            "make_2": "Kalashnikov",
        },
    )
    assert answer.status_code == 422
    assert _error_beside(answer.text, "quantity_1").startswith("Give both")
    assert _error_beside(answer.text, "weapon_type_2").startswith("Say what type")
    assert _count(web, Seizure) == _count(web, WeaponRecord) == 0


def test_a_weapon_on_its_own(web: Web) -> None:
    answer = submit(
        web.client("police"),
        "/weapons/new",
        {
            **MARKING,
            "weapon_type": "pistol",
            "serial_number": "SN-1",
            "manufactured_year": "1988",
        },
    )
    assert answer.status_code == 303
    answer = submit(web.client("police"), "/weapons/new", {**MARKING, "serial_number": "SN-2"})
    assert _error_beside(answer.text, "weapon_type") == "This field is required."


def test_uploading_a_document_twice_finds_the_first(web: Web) -> None:
    police = web.client("police")
    page = police.get("/sources/new")
    files = {"file": ("decision.pdf", io.BytesIO(b"%PDF court decision"), "application/pdf")}
    data = {
        "form_token": form_token(page.text),
        **MARKING,
        "source_kind": "court_decision",
        "title": "Decision 2-123/2024",
    }
    first = police.post("/sources/new", data=data, files=files, follow_redirects=False)
    assert first.status_code == 303
    page = police.get("/sources/new")
    files = {"file": ("copy.pdf", io.BytesIO(b"%PDF court decision"), "application/pdf")}
    again = police.post(
        "/sources/new",
        data={**data, "form_token": form_token(page.text)},
        files=files,
        follow_redirects=False,
    )
    assert again.headers["location"] == first.headers["location"]
    assert _count(web, Source) == 1
    shown = text_of(police.get(first.headers["location"]).text)
    assert "SHA-256 of the file" in shown


def test_linking_two_people(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    first = add_suspect(police, case_id, "Джуманбеков Ерлан")
    second = add_suspect(police, case_id, "Saparov Nurlan")
    search = police.get(f"/people/{first}/links/new?q=Сапаров")
    assert f'value="{second}"' in search.text  # found across scripts
    answer = submit(
        police,
        f"/people/{first}/links/new",
        {**MARKING, "q": "Сапаров", "person_id": str(second), "kind": "family", "detail": "cousin"},
        form_page=f"/people/{first}/links/new",
    )
    assert answer.status_code == 303, text_of(answer.text)
    with transaction(web.engine) as session:
        link = session.scalars(select(Relationship)).one()
        assert (link.kind, link.from_person_id, link.to_person_id) == ("family", first, second)
    assert "Family tie" in text_of(police.get(f"/people/{first}").text)


def test_adding_a_known_person_to_a_case(web: Web) -> None:
    police = web.client("police")
    first_case = open_case(police)
    person = add_suspect(police, first_case)
    second_case = open_case(police, case_number="KZ-2024-002")
    answer = submit(
        police,
        f"/cases/{second_case}/people/new",
        {**MARKING, "person_id": str(person), "role": "accused"},
    )
    assert answer.status_code == 303
    assert _count(web, Person) == 1


def test_a_person_is_chosen_or_named(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    answer = submit(police, f"/cases/{case_id}/people/new", {**MARKING, "role": "suspect"})
    assert _error_beside(answer.text, "person_id").startswith("Choose a person")


def test_roles_that_do_not_write_get_no_form(web: Web) -> None:
    assert web.client("stats").get("/cases/new").status_code == 403
    police = web.client("police")
    token = form_token(police.get("/cases/new").text)
    stats = web.client("stats")
    answer = stats.post("/cases/new", data={"form_token": token, "case_type": "tip"})
    assert answer.status_code == 403


def test_the_add_person_form_links_back_to_its_case(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    page = police.get(f"/cases/{case_id}/people/new")
    assert f'href="/cases/{case_id}"' in page.text


def test_an_unknown_case_has_no_forms(web: Web) -> None:
    police = web.client("police")
    assert police.get("/cases/999/events/new").status_code == 404
    assert police.get("/cases/999/people/new").status_code == 404


def test_the_sharing_group_is_required_for_group_distribution(web: Web) -> None:
    answer = submit(
        web.client("police"),
        "/cases/new",
        {
            **MARKING,
            "group": "",
            "case_type": "tip",
            "jurisdiction": "KZ",
            "status": "investigation",
        },
    )
    assert _error_beside(answer.text, "group") == "Choose the sharing group."


def test_add_suspect_helper_finds_the_person(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    assert add_suspect(police, case_id) > 0


def test_a_double_click_sends_two_requests_at_once_and_creates_one_record(web: Web) -> None:
    first = web.client("police")
    page = first.get("/cases/new")
    second = web.client()
    second.cookies = first.cookies  # the same browser: the same session cookie
    data = {
        "form_token": form_token(page.text),
        **MARKING,
        "case_type": "tip",
        "jurisdiction": "KZ",
        "status": "investigation",
    }
    answers: list[str] = []

    def send(client: TestClient) -> None:
        answer = client.post("/cases/new", data=data, follow_redirects=False)
        answers.append(answer.headers.get("location", str(answer.status_code)))

    threads = [threading.Thread(target=send, args=(c,)) for c in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(answers) == 2 and answers[0] == answers[1], answers
    assert _count(web, Case) == 1


def test_the_login_page_says_when_https_is_needed(web: Web) -> None:
    web.app.state.settings = web.app.state.settings.model_copy(update={"secure_cookies": True})
    assert "AMANAT_SECURE_COOKIES=false" in web.client().get("/login").text


def _reads_by(web: Web, username: str) -> set[tuple[str | None, str | None]]:
    user_id = web.user_id(username)
    with transaction(web.engine) as session:
        rows = session.execute(
            select(AuditRecord.target_kind, AuditRecord.target_id).where(
                AuditRecord.action == "read", AuditRecord.actor_user_id == user_id
            )
        )
        return {(kind, target) for kind, target in rows}


def test_the_case_forms_read_another_organisations_case_into_the_trail(web: Web) -> None:
    # Issue 13, finding 4: these forms showed another organisation's case title and
    # people without a read entry.
    police = web.client("police")
    case_id = open_case(police)  # shared with the task force group
    suspect = add_suspect(police, case_id)
    prosecutor = web.client("prosecutor")
    events = prosecutor.get(f"/cases/{case_id}/events/new")
    assert events.status_code == 200
    assert "Farm labour ring" in events.text and "Джуманбеков Ерлан" in events.text
    reads = _reads_by(web, "prosecutor")
    assert {("case", str(case_id)), ("person", str(suspect))} <= reads
    assert any(kind == "case_role" for kind, _ in reads)
    people = prosecutor.get(f"/cases/{case_id}/people/new")
    assert people.status_code == 200 and "Farm labour ring" in people.text
    with transaction(web.engine) as session:
        purposes = set(
            session.scalars(
                select(AuditRecord.purpose).where(
                    AuditRecord.action == "read",
                    AuditRecord.target_kind == "case",
                    AuditRecord.actor_user_id == web.user_id("prosecutor"),
                )
            )
        )
    assert purposes == {
        f"add to the justice pipeline of case {case_id}",
        f"add a person to case {case_id}",
    }


def _without_id(html: str, case_id: int) -> str:
    """The page with the case's id and the one-time form token blanked out."""
    html = re.sub(r'name="form_token" value="[^"]+"', "", html)
    return html.replace(f"id={case_id}", "id=#").replace(f"/cases/{case_id}/", "/cases/#/")


def test_a_case_not_shared_has_no_forms_exactly_like_a_missing_one(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)  # the task force group only
    outsider = web.client("uz-police")
    for form in ("events", "people"):
        hidden = outsider.get(f"/cases/{case_id}/{form}/new")
        missing = outsider.get(f"/cases/{case_id + 1000}/{form}/new")
        assert hidden.status_code == missing.status_code == 404
        assert "Farm labour ring" not in hidden.text
        assert _without_id(hidden.text, case_id) == _without_id(missing.text, case_id + 1000)
    assert _reads_by(web, "uz-police") == set()

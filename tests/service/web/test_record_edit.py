"""Changing and deleting records from their pages: prefilled forms, optimistic locking
that loses nothing, soft delete with a reason, buttons only for those who may."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select
from tests.service.web.conftest import (
    MARKING,
    Web,
    add_suspect,
    form_token,
    open_case,
    register_victim,
    submit,
    text_of,
)

from amanat.access.audit_store import AuditRecord
from amanat.register import Case, Person, PipelineEvent, Seizure, Victim
from amanat.store.engine import transaction


def _form(client: TestClient, url: str) -> tuple[str, dict[str, str]]:
    """The form page's token and the values it is prefilled with."""
    page = client.get(url)
    assert page.status_code == 200, page.text
    values = dict(
        re.findall(
            r'<input type="(?:text|date|hidden)" [^>]*?name="(\w+)" value="([^"]*)"', page.text
        )
    )
    for name, body in re.findall(r'<select [^>]*name="(\w+)"[^>]*>(.*?)</select>', page.text, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        if chosen:
            values[name] = chosen.group(1)
    for name, text in re.findall(r'<textarea [^>]*name="(\w+)"[^>]*>([^<]*)</textarea>', page.text):
        values[name] = text
    return form_token(page.text), values


def _post(client: TestClient, url: str, token: str, values: dict[str, str]) -> Response:
    return client.post(url, data={**values, "form_token": token}, follow_redirects=False)


def test_the_edit_form_is_prefilled_and_saves_with_the_version(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police, title="Farm labour ring")
    token, values = _form(police, f"/cases/{case_id}/edit")
    assert values["title"] == "Farm labour ring"
    assert values["case_type"] == "tip"
    assert values["version"] == "1"
    answer = police.post(
        f"/cases/{case_id}/edit",
        data={**values, "form_token": token, "title": "Cotton farm ring", "status": "closed"},
        follow_redirects=False,
    )
    assert answer.status_code == 303, text_of(answer.text)
    with transaction(web.engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        assert (case.title, case.status, case.version) == ("Cotton farm ring", "closed", 2)
        entry = session.scalars(
            select(AuditRecord).where(
                AuditRecord.action == "update", AuditRecord.target_id == str(case_id)
            )
        ).one()
        assert json.loads(entry.detail)["fields"] == "status,title"
    assert "Your changes were saved." in text_of(police.get(f"/cases/{case_id}").text)


def test_a_stale_save_keeps_the_input_and_says_why_in_the_users_language(web: Web) -> None:
    police, colleague = web.client("police-ru"), web.client("police")
    case_id = open_case(police, title="Farm labour ring")
    token, values = _form(police, f"/cases/{case_id}/edit")
    # A colleague saves first.
    other_token, other = _form(colleague, f"/cases/{case_id}/edit")
    assert (
        _post(
            colleague, f"/cases/{case_id}/edit", other_token, {**other, "title": "Theirs"}
        ).status_code
        == 303
    )
    answer = police.post(
        f"/cases/{case_id}/edit",
        data={**values, "form_token": token, "title": "Mine", "summary": "long notes"},
        follow_redirects=False,
    )
    assert answer.status_code == 409
    shown = text_of(answer.text)
    assert "Кто-то другой изменил эту запись" in shown
    assert 'value="Mine"' in answer.text and "long notes" in answer.text
    assert "Theirs" in shown  # what is saved now is shown beside
    assert 'name="version" value="2"' in answer.text
    with transaction(web.engine) as session:
        case = session.get(Case, case_id)
        assert case is not None and case.title == "Theirs" and case.summary is None
    # Saving again, having seen the colleague's change, goes through.
    retry = police.post(
        f"/cases/{case_id}/edit",
        data={**values, "form_token": form_token(answer.text), "title": "Mine", "version": "2"},
        follow_redirects=False,
    )
    assert retry.status_code == 303


def test_edit_errors_appear_beside_the_field(web: Web) -> None:
    police = web.client("police")
    answer = submit(
        police,
        "/seizures/new",
        {**MARKING, "seized_on": "2024-05-01", "country": "KZ", "ammunition_rounds": "40"},
    )
    seizure_id = int(answer.headers["location"].rsplit("/", 1)[1])
    token, values = _form(police, f"/seizures/{seizure_id}/edit")
    assert values["ammunition_rounds"] == "40"
    bad = _post(
        police, f"/seizures/{seizure_id}/edit", token, {**values, "seized_on": "2999-01-01"}
    )
    assert bad.status_code == 422
    assert 'id="seized_on-error">This date is in the future.' in bad.text
    # A check of the register across fields (cash needs its currency) is shown too.
    refused = _post(
        police, f"/seizures/{seizure_id}/edit", token, {**values, "cash_amount": "12,5"}
    )
    assert refused.status_code == 422
    assert "Not accepted" in text_of(refused.text)
    given = {**values, "cash_amount": "12,5", "cash_currency": "USD"}
    good = _post(police, f"/seizures/{seizure_id}/edit", token, given)
    assert good.status_code == 303, re.findall(r'-error">([^<]*)', good.text)
    with transaction(web.engine) as session:
        seizure = session.get(Seizure, seizure_id)
        assert seizure is not None and float(seizure.cash_amount or 0) == 12.5


def test_a_pipeline_event_and_a_person_can_be_changed(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    suspect = add_suspect(police, case_id)
    event = {**MARKING, "stage": "arrested", "occurred_on": "2024-04-01"}
    assert submit(police, f"/cases/{case_id}/events/new", event).status_code == 303
    with transaction(web.engine) as session:
        event_id = session.scalars(select(PipelineEvent.id)).one()
    token, values = _form(police, f"/pipeline-events/{event_id}/edit")
    answer = _post(
        police, f"/pipeline-events/{event_id}/edit", token, {**values, "court": "Almaty"}
    )
    assert answer.status_code == 303
    token, values = _form(police, f"/people/{suspect}/edit")
    assert values["birth_year"] == "1980"
    answer = _post(police, f"/people/{suspect}/edit", token, {**values, "notes": "Uses a red van"})
    assert answer.status_code == 303
    with transaction(web.engine) as session:
        assert session.get(PipelineEvent, event_id).court == "Almaty"  # type: ignore[union-attr]
        assert session.get(Person, suspect).notes == "Uses a red van"  # type: ignore[union-attr]


def test_a_victims_form_has_no_identity_fields(web: Web) -> None:
    ngo = web.client("ngo")
    victim_id = register_victim(ngo)
    page = ngo.get(f"/victims/{victim_id}/edit")
    assert page.status_code == 200
    assert "Сапарова" not in page.text and "AC1234567" not in page.text
    assert 'name="full_name"' not in page.text
    token, values = _form(ngo, f"/victims/{victim_id}/edit")
    answer = _post(
        ngo, f"/victims/{victim_id}/edit", token, {**values, "age_at_exploitation": "17"}
    )
    assert answer.status_code == 303
    with transaction(web.engine) as session:
        assert session.get(Victim, victim_id).age_at_exploitation == 17  # type: ignore[union-attr]


def test_only_the_owner_with_a_writing_role_sees_and_uses_the_buttons(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    assert f'href="/cases/{case_id}/edit"' in police.get(f"/cases/{case_id}").text
    prosecutor = web.client("prosecutor")  # sees the case through the group
    page = prosecutor.get(f"/cases/{case_id}")
    assert page.status_code == 200
    assert f"/cases/{case_id}/edit" not in page.text
    assert f"/cases/{case_id}/delete" not in page.text
    assert prosecutor.get(f"/cases/{case_id}/edit").status_code == 403
    token = form_token(page.text)
    refused = prosecutor.post(
        f"/cases/{case_id}/delete",
        data={"form_token": token, "version": "1", "reason": "mine now"},
        follow_redirects=False,
    )
    assert refused.status_code == 403
    # Outside the group the case is absent, as if it did not exist.
    assert web.client("uz-police").get(f"/cases/{case_id}/edit").status_code == 404
    with transaction(web.engine) as session:
        assert session.get(Case, case_id).deleted_at is None  # type: ignore[union-attr]


def test_deleting_needs_a_reason_and_keeps_the_record(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    token, values = _form(police, f"/cases/{case_id}/delete")
    missing = _post(police, f"/cases/{case_id}/delete", token, {**values, "reason": " "})
    assert missing.status_code == 422
    assert 'id="reason-error">This field is required.' in missing.text
    done = _post(police, f"/cases/{case_id}/delete", token, {**values, "reason": "Opened twice"})
    assert done.status_code == 303
    assert police.get(f"/cases/{case_id}").status_code == 404
    with transaction(web.engine) as session:
        case = session.get(Case, case_id)
        assert case is not None and case.deletion_reason == "Opened twice"
        assert case.deleted_at is not None


def test_a_protected_persons_edit_form_leaves_the_sealed_identity_out(web: Web) -> None:
    ngo = web.client("ngo")
    victim_id = register_victim(ngo)
    with transaction(web.engine) as session:
        person_id = session.get(Victim, victim_id).person_id  # type: ignore[union-attr]
    page = ngo.get(f"/people/{person_id}/edit")
    assert page.status_code == 200
    assert 'name="birth_year"' not in page.text and "1999" not in page.text
    assert 'name="notes"' in page.text


def test_a_stale_delete_deletes_nothing_and_keeps_the_reason(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    token, values = _form(police, f"/cases/{case_id}/delete")
    edit_token, edit = _form(police, f"/cases/{case_id}/edit")
    assert (
        _post(police, f"/cases/{case_id}/edit", edit_token, {**edit, "title": "New"}).status_code
        == 303
    )
    answer = _post(police, f"/cases/{case_id}/delete", token, {**values, "reason": "Duplicate"})
    assert answer.status_code == 409
    assert "Someone else changed this record" in answer.text
    assert "Duplicate</textarea>" in answer.text
    with transaction(web.engine) as session:
        assert session.get(Case, case_id).deleted_at is None  # type: ignore[union-attr]


def test_vehicles_phones_groups_and_places_can_be_changed(web: Web) -> None:
    from amanat.access.accounts import organisation_by_code
    from amanat.register import CriminalGroup, Phone, Place, Vehicle

    with transaction(web.engine) as session:
        org = organisation_by_code(session, "KZ-POL").id
        records = {
            "vehicles": Vehicle(org_id=org, plate="01 A 123 BC", plate_country="KZ"),
            "phones": Phone(org_id=org, number="+7 701 555 12 34"),
            "groups": CriminalGroup(org_id=org, kind="clan", name="Pamir"),
            "places": Place(org_id=org, kind="city", name="Khorog", country="TJ"),
        }
        session.add_all(records.values())
        session.flush()
        ids = {path: record.id for path, record in records.items()}
    police = web.client("police")
    changed = {
        "vehicles": ("colour", "white"),
        "phones": ("operator", "Beeline"),
        "groups": ("alias", "Памирские"),
        "places": ("region", "GBAO"),
    }
    for path, (name, value) in changed.items():
        token, values = _form(police, f"/{path}/{ids[path]}/edit")
        answer = _post(police, f"/{path}/{ids[path]}/edit", token, {**values, name: value})
        assert answer.status_code == 303, (path, text_of(answer.text))
    token, values = _form(police, f"/places/{ids['places']}/edit")
    answer = _post(police, f"/places/{ids['places']}/edit", token, {**values, "region": "x" * 121})
    assert answer.status_code == 422 and "120" in text_of(answer.text)
    with transaction(web.engine) as session:
        assert session.get(Vehicle, ids["vehicles"]).colour == "white"  # type: ignore[union-attr]
        assert session.get(Phone, ids["phones"]).operator == "Beeline"  # type: ignore[union-attr]
        assert session.get(CriminalGroup, ids["groups"]).alias == "Памирские"  # type: ignore[union-attr]
        place = session.get(Place, ids["places"])
        assert place is not None and (place.region, place.version) == ("GBAO", 2)

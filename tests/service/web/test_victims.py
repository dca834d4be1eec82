"""Victims: consent first, the identity sealed, revealed only on purpose to those
allowed, and the case worker's caseload.  (Referrals: ``test_referrals``.)"""

from __future__ import annotations

import json

from sqlalchemy import func, select
from tests.service.web.conftest import (
    MARKING,
    VICTIM,
    Web,
    form_token,
    open_case,
    register_victim,
    submit,
    text_of,
)

from amanat.access.audit_store import AuditRecord
from amanat.access.identity_vault import ProtectedIdentity
from amanat.register import Consent, Person, PersonName, Victim
from amanat.store.engine import transaction


def _count(web: Web, model: type) -> int:
    with transaction(web.engine) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _audit(web: Web, action: str) -> list[dict[str, object]]:
    with transaction(web.engine) as session:
        rows = session.scalars(select(AuditRecord).where(AuditRecord.action == action))
        return [json.loads(row.detail) for row in rows]


def test_consent_comes_first_and_nothing_is_recorded_without_it(web: Web) -> None:
    answer = submit(
        web.client("ngo"), "/victims/new", {**VICTIM, **MARKING, "consent_assistance": ""}
    )
    assert answer.status_code == 422
    assert "Consent comes first" in answer.text
    assert 'id="consent_assistance-error"' in answer.text
    assert _count(web, Person) == _count(web, Victim) == 0


def test_the_consent_is_the_first_thing_on_the_form(web: Web) -> None:
    page = web.client("ngo").get("/victims/new").text
    assert page.index('name="consent_assistance"') < page.index('name="full_name"')


def test_the_identity_is_sealed(web: Web) -> None:
    victim_id = register_victim(web.client("ngo"), consent_prosecution="on")
    with transaction(web.engine) as session:
        victim = session.get(Victim, victim_id)
        assert victim is not None and victim.person_id is not None
        person = session.get(Person, victim.person_id)
        assert person is not None and person.is_protected
        assert session.scalar(select(func.count()).select_from(PersonName)) == 0
        assert session.get(ProtectedIdentity, person.id) is not None
        assert sorted(c.purpose for c in victim.consents) == ["assistance", "prosecution"]
        assert [e.form for e in victim.exploitation] == ["ForcedLabour"]


def test_the_case_worker_reveals_the_identity_for_a_purpose(web: Web) -> None:
    ngo = web.client("ngo")
    victim_id = register_victim(ngo)
    page = ngo.get(f"/victims/{victim_id}")
    assert "Айгуль" not in page.text
    shown = ngo.post(
        f"/victims/{victim_id}/identity",
        data={"form_token": form_token(page.text), "purpose": "assistance"},
    )
    assert "Айгуль Сапарова" in shown.text
    assert "AC1234567" in shown.text
    assert [d["revealed"] for d in _audit(web, "reveal_identity")] == [True]


def test_the_police_see_the_pseudonym_only(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    ngo = web.client("ngo")
    victim_id = register_victim(ngo, case_id=str(case_id))
    case_page = police.get(f"/cases/{case_id}").text
    assert "V-KG-" in case_page and "Айгуль" not in case_page
    page = police.get(f"/victims/{victim_id}")
    assert "Your role and organisation see the pseudonym only." in page.text
    forced = police.post(
        f"/victims/{victim_id}/identity",
        data={"form_token": form_token(page.text), "purpose": "prosecution"},
    )
    assert "Айгуль" not in forced.text
    assert "You may see the pseudonym only." in forced.text


def test_consent_to_prosecution_lets_the_police_see_it(web: Web) -> None:
    ngo = web.client("ngo")
    victim_id = register_victim(ngo, consent_prosecution="on")
    police = web.client("police")
    page = police.get(f"/victims/{victim_id}")
    assert 'value="prosecution"' in page.text
    shown = police.post(
        f"/victims/{victim_id}/identity",
        data={"form_token": form_token(page.text), "purpose": "prosecution"},
    )
    assert "Айгуль Сапарова" in shown.text


def test_administrators_never_see_victims(web: Web) -> None:
    victim_id = register_victim(web.client("ngo"))
    assert web.client("admin").get(f"/victims/{victim_id}").status_code == 404


def test_a_bad_date_of_birth_saves_nothing_of_the_victim(web: Web) -> None:
    answer = submit(web.client("ngo"), "/victims/new", {**VICTIM, **MARKING, "birth_day": "12"})
    assert answer.status_code == 422
    assert "Give the month too" in answer.text
    assert _count(web, Person) == _count(web, Victim) == 0


def test_without_a_master_key_no_identity_is_recorded(web: Web) -> None:
    web.app.state.master_key = None
    ngo = web.client("ngo")
    assert "no master key" in ngo.get("/victims/new").text
    answer = submit(ngo, "/victims/new", {**VICTIM, **MARKING})
    assert answer.status_code == 422
    assert _count(web, Person) == 0


def test_a_victim_form_sent_twice_registers_one_victim(web: Web) -> None:
    ngo = web.client("ngo")
    page = ngo.get("/victims/new")
    data = {"form_token": form_token(page.text), **VICTIM, **MARKING}
    first = ngo.post("/victims/new", data=data, follow_redirects=False)
    second = ngo.post("/victims/new", data=data, follow_redirects=False)
    assert first.headers["location"] == second.headers["location"]
    assert _count(web, Victim) == _count(web, Consent) == 1


def test_the_caseload_lists_the_organisations_victims(web: Web) -> None:
    ngo = web.client("ngo")
    register_victim(ngo)
    register_victim(ngo, full_name="Second Person")
    page = text_of(ngo.get("/caseload").text)
    assert page.count("V-KG-") == 2
    assert "Forced labour" in page
    assert "V-KG-" not in text_of(web.client("shelter").get("/caseload").text)


def test_the_victim_page_offers_the_referral_to_its_owner_only(web: Web) -> None:
    victim_id = register_victim(web.client("ngo"))
    assert "/referrals/new" in web.client("ngo").get(f"/victims/{victim_id}").text
    shelter = web.client("shelter")  # sees the victim through the group
    assert "/referrals/new" not in shelter.get(f"/victims/{victim_id}").text
    # Nor is the form itself shown to anyone who could not send it.
    assert shelter.get(f"/victims/{victim_id}/referrals/new").status_code == 403
    outsider = web.client("uz-police")
    assert outsider.get(f"/victims/{victim_id}/referrals/new").status_code == 404
    assert web.client("stats").get(f"/victims/{victim_id}/referrals/new").status_code == 403

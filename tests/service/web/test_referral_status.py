"""The receiving shelter answers a referral from its "referrals in" list: accepted,
declined, completed; nobody else can, and a stale answer is not saved."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.service.web.conftest import Web, register_victim, text_of

from amanat.access.audit_store import AuditRecord
from amanat.register import Assistance, Victim
from amanat.store.engine import transaction

SHELTER_ORG = "4"  # the Almaty shelter, fourth organisation of the test world


def _referral(web: Web) -> tuple[int, int]:
    victim_id = register_victim(
        web.client("ngo"),
        referral_kind="shelter",
        referral_provider=SHELTER_ORG,
        referred_on="2024-04-03",
    )
    with transaction(web.engine) as session:
        return victim_id, session.scalars(select(Assistance.id)).one()


def _answer(client: TestClient, assistance_id: int, status: str, seen: str) -> str:
    page = client.get("/referrals").text
    token = re.search(
        rf'action="/referrals/{assistance_id}/status">\s*<input type="hidden" '
        r'name="form_token" value="([^"]+)"',
        page,
    )
    assert token, "no status form for this referral"
    answer = client.post(
        f"/referrals/{assistance_id}/status",
        data={"form_token": token.group(1), "status": status, "seen": seen},
        follow_redirects=True,
    )
    assert answer.status_code == 200
    return text_of(answer.text)


def test_the_shelter_accepts_then_completes_a_referral(web: Web) -> None:
    victim_id, assistance_id = _referral(web)
    with transaction(web.engine) as session:
        before = session.get(Victim, victim_id).version  # type: ignore[union-attr]
    shelter = web.client("shelter")
    shown = _answer(shelter, assistance_id, "accepted", "referred")
    assert "The referral was updated." in shown
    _answer(shelter, assistance_id, "completed", "accepted")
    with transaction(web.engine) as session:
        row = session.get(Assistance, assistance_id)
        assert row is not None and row.status == "completed" and row.completed_on is not None
        victim = session.get(Victim, victim_id)
        assert victim is not None and victim.version == before + 2  # the owner's edit is stale
        entries = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "referral_status")
        ).all()
        assert [json.loads(e.detail)["status"] for e in entries] == ["accepted", "completed"]
    # The referring NGO sees the answer in its "referrals out".
    assert "Completed" in text_of(web.client("ngo").get("/referrals").text)


def test_a_stale_answer_is_not_saved(web: Web) -> None:
    _, assistance_id = _referral(web)
    shelter = web.client("shelter")
    _answer(shelter, assistance_id, "accepted", "referred")
    shown = _answer(shelter, assistance_id, "refused_by_provider", "referred")
    assert "changed meanwhile" in shown
    with transaction(web.engine) as session:
        assert session.get(Assistance, assistance_id).status == "accepted"  # type: ignore[union-attr]


def test_only_the_receiving_organisation_answers(web: Web) -> None:
    _, assistance_id = _referral(web)
    # The referring NGO has no form for its own referral, and a forged post is refused
    # like an unknown referral.
    ngo = web.client("ngo")
    page = ngo.get("/referrals").text
    assert f"/referrals/{assistance_id}/status" not in page
    token = re.search(r'name="form_token" value="([^"]+)"', page)
    assert token
    refused = ngo.post(
        f"/referrals/{assistance_id}/status",
        data={"form_token": token.group(1), "status": "completed", "seen": "referred"},
        follow_redirects=False,
    )
    assert refused.status_code == 404
    # Another organisation sees nothing of it and cannot answer it either; a role that
    # reads no records has no referrals at all.
    police = web.client("police")
    page = police.get("/referrals").text
    assert f"/referrals/{assistance_id}/status" not in page and "V-KG-" not in page
    token = re.search(r'name="form_token" value="([^"]+)"', page)
    assert token
    forged = police.post(
        f"/referrals/{assistance_id}/status",
        data={"form_token": token.group(1), "status": "accepted", "seen": "referred"},
        follow_redirects=False,
    )
    assert forged.status_code == 404
    assert web.client("admin").get("/referrals").status_code == 403
    with transaction(web.engine) as session:
        assert session.get(Assistance, assistance_id).status == "referred"  # type: ignore[union-attr]

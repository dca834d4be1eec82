"""The receiving shelter answers a referral — from its referrals page, its inbox or the
victim's page: accepted, declined with a reason, completed; nobody else can, and a
stale answer is not saved; the sender sees each answer."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.service.web.conftest import Web, refer, register_victim, text_of

from amanat.access.audit_store import AuditRecord
from amanat.register import Referral
from amanat.store.engine import transaction


def _referral(web: Web) -> tuple[int, int]:
    ngo = web.client("ngo")
    victim_id = register_victim(ngo)
    assert refer(ngo, victim_id).status_code == 303
    with transaction(web.engine) as session:
        return victim_id, session.scalars(select(Referral.id)).one()


def _answer(
    client: TestClient,
    referral_id: int,
    status: str,
    seen: str,
    page: str = "/referrals",
    **extra: str,
) -> str:
    html = client.get(page).text
    token = re.search(
        rf'action="/referrals/{referral_id}/status">\s*<input type="hidden" '
        r'name="form_token" value="([^"]+)"',
        html,
    )
    assert token, "no answer form for this referral"
    answer = client.post(
        f"/referrals/{referral_id}/status",
        data={"form_token": token.group(1), "status": status, "seen": seen, "back": page, **extra},
        follow_redirects=True,
    )
    assert answer.status_code == 200
    return text_of(answer.text)


def test_the_shelter_accepts_then_completes_a_referral(web: Web) -> None:
    victim_id, referral_id = _referral(web)
    shelter = web.client("shelter")
    shown = _answer(shelter, referral_id, "accepted", "referred", page="/inbox")
    assert "The referral was updated." in shown
    _answer(shelter, referral_id, "completed", "accepted", page=f"/victims/{victim_id}")
    with transaction(web.engine) as session:
        row = session.get(Referral, referral_id)
        assert row is not None and row.status == "completed" and row.completed_on is not None
        entries = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "referral_status")
        ).all()
        assert [json.loads(e.detail)["status"] for e in entries] == ["accepted", "completed"]
    # The referring NGO sees each answer in its "referrals out", step by step.
    out = text_of(web.client("ngo").get("/referrals").text)
    assert "Completed" in out and "Accepted by the provider" in out and "New answer" in out


def test_a_decline_needs_its_reason_and_the_sender_reads_it(web: Web) -> None:
    _, referral_id = _referral(web)
    shelter = web.client("shelter")
    shown = _answer(shelter, referral_id, "refused_by_provider", "referred")
    assert "Say why the referral is declined" in shown
    reason = "No bed free until May"
    _answer(shelter, referral_id, "refused_by_provider", "referred", reason=reason)
    out = text_of(web.client("ngo").get("/referrals").text)
    assert "Refused by the provider" in out and reason in out
    with transaction(web.engine) as session:
        assert session.get(Referral, referral_id).reason == reason  # type: ignore[union-attr]


def test_a_stale_answer_is_not_saved(web: Web) -> None:
    _, referral_id = _referral(web)
    shelter = web.client("shelter")
    _answer(shelter, referral_id, "accepted", "referred")
    shown = _answer(shelter, referral_id, "refused_by_provider", "referred", reason="full")
    assert "changed meanwhile" in shown
    with transaction(web.engine) as session:
        assert session.get(Referral, referral_id).status == "accepted"  # type: ignore[union-attr]


def test_only_the_receiving_organisation_answers(web: Web) -> None:
    victim_id, referral_id = _referral(web)
    # The referring NGO has no answer form for its own referral, and a forged post is
    # refused like an unknown referral.
    ngo = web.client("ngo")
    for page in ("/referrals", f"/victims/{victim_id}", "/inbox"):
        assert f"/referrals/{referral_id}/status" not in ngo.get(page).text
    token = re.search(r'name="form_token" value="([^"]+)"', ngo.get("/referrals").text)
    assert token
    refused = ngo.post(
        f"/referrals/{referral_id}/status",
        data={"form_token": token.group(1), "status": "completed", "seen": "referred"},
        follow_redirects=False,
    )
    assert refused.status_code == 404
    # Another organisation sees nothing of it and cannot answer it either; a role that
    # reads no records has no referrals at all.
    police = web.client("police")
    page = police.get("/referrals").text
    assert f"/referrals/{referral_id}/status" not in page and "V-KG-" not in page
    token = re.search(r'name="form_token" value="([^"]+)"', page)
    assert token
    forged = police.post(
        f"/referrals/{referral_id}/status",
        data={"form_token": token.group(1), "status": "accepted", "seen": "referred"},
        follow_redirects=False,
    )
    assert forged.status_code == 404
    assert web.client("admin").get("/referrals").status_code == 403
    with transaction(web.engine) as session:
        assert session.get(Referral, referral_id).status == "referred"  # type: ignore[union-attr]

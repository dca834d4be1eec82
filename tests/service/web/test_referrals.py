"""Referring a victim in the web app: the service first, then only the organisations
the directory lists for it; her consent shown, and asked for when it does not cover
the organisation chosen; the receiver sees the referral in its inbox and opens her
page; the sender sees the answer; the directory and an administrator's offers."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select
from tests.service.web.conftest import Web, form_token, refer, register_victim, submit, text_of

from amanat.access.audit_store import AuditRecord
from amanat.actions import services
from amanat.actions.referrals import listing, making
from amanat.register import Consent, Referral, ServiceOffer
from amanat.service.web import referral_forms
from amanat.service.web import services as service_pages
from amanat.store.engine import transaction

SHELTER, KG_SHELTER, POLICE = "4", "6", "1"
NAME = "Айгуль Сапарова"


def _count(web: Web, model: type) -> int:
    with transaction(web.engine) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _options(html: str) -> list[str]:
    select_ = re.search(r'<select id="f-provider".*?</select>', html, re.S)
    assert select_, "no organisation to choose"
    return re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select_.group(0))


def test_the_form_lists_only_organisations_that_offer_the_service(web: Web) -> None:
    ngo = web.client("ngo")
    victim_id = register_victim(ngo)
    form = f"/victims/{victim_id}/referrals/new"
    first = ngo.get(form).text
    assert 'id="f-provider"' not in first  # the service comes first
    shelters = _options(ngo.get(f"{form}?service=shelter").text)
    assert shelters == ["Almaty shelter — KZ", "Bishkek shelter — KG"]
    # The NGO offers legal aid itself: it is not offered to itself.
    assert _options(ngo.get(f"{form}?service=legal").text) == ["Almaty shelter — KZ"]
    nobody = text_of(ngo.get(f"{form}?service=repatriation").text)
    assert "No organisation offers this service in the directory yet." in nobody


def test_a_forged_choice_is_refused_beside_the_field_and_nothing_is_saved(web: Web) -> None:
    ngo = web.client("ngo")
    victim_id = register_victim(ngo)
    answer = refer(ngo, victim_id, "shelter", POLICE)
    assert answer.status_code == 422
    assert 'id="provider-error"' in answer.text
    assert "does not offer this service" in answer.text
    assert _count(web, Referral) == 0
    with transaction(web.engine) as session:
        assert (
            session.scalar(
                select(func.count(AuditRecord.seq)).where(AuditRecord.action == "referral")
            )
            == 0
        )


def test_her_consent_is_asked_for_when_it_does_not_cover_the_choice(web: Web) -> None:
    ngo = web.client("ngo")
    # She consented to assistance with the Almaty shelter only.
    victim_id = register_victim(ngo, consent_org=SHELTER)
    page = text_of(ngo.get(f"/victims/{victim_id}/referrals/new?service=shelter").text)
    assert "Almaty shelter — including who she is" in page
    assert "This covers: Almaty shelter." in page
    refused = refer(ngo, victim_id, "shelter", KG_SHELTER)
    assert refused.status_code == 422
    assert 'id="consent_referral-error"' in refused.text and "has not consented" in refused.text
    assert _count(web, Referral) == 0
    # She agrees, without her name: recorded with the referral.
    given = refer(
        ngo, victim_id, "shelter", KG_SHELTER, consent_referral="on", consent_given_on="2024-04-05"
    )
    assert given.status_code == 303, text_of(given.text)
    with transaction(web.engine) as session:
        consent = session.scalars(
            select(Consent).where(Consent.granted_to_org_id == int(KG_SHELTER))
        ).one()
        assert (consent.purpose, consent.identity) == ("assistance", False)
    # The Kyrgyz shelter (outside the sharing group) sees her record, not her name.
    kg = web.client("kg-shelter")
    victim_page = kg.get(f"/victims/{victim_id}")
    assert victim_page.status_code == 200
    assert "Your role and organisation see the pseudonym only." in text_of(victim_page.text)
    assert NAME not in victim_page.text


def test_journey_the_receiver_sees_her_and_accepts_and_the_sender_sees_it(web: Web) -> None:
    ngo = web.client("ngo")
    victim_id = register_victim(ngo)
    kg = web.client("kg-shelter")
    assert kg.get(f"/victims/{victim_id}").status_code == 404  # before: nothing of hers
    sent = refer(ngo, victim_id, "shelter", KG_SHELTER, note="Needs a bed tonight")
    assert sent.status_code == 303
    assert "The referral was sent" in text_of(ngo.get(sent.headers["location"]).text)
    assert kg.get("/inbox/count").text.count(">1<") == 1
    inbox = text_of(kg.get("/inbox").text)
    assert "Referrals waiting for your answer" in inbox and "Needs a bed tonight" in inbox
    assert "Safe Home NGO" in inbox and "V-KG-" in inbox
    # Her page, with the identity she consented to show (consent to any organisation).
    page = kg.get(f"/victims/{victim_id}").text
    assert "Show the identity" in page and NAME not in page
    shown = kg.post(
        f"/victims/{victim_id}/identity",
        data={"form_token": form_token(page), "purpose": "assistance"},
    )
    assert NAME in shown.text
    referral_id = web_referral(web)
    page = kg.get(f"/victims/{victim_id}").text
    assert f'action="/referrals/{referral_id}/status"' in page
    accept = kg.post(
        f"/referrals/{referral_id}/status",
        data={"form_token": form_token(page), "status": "accepted", "seen": "referred"},
        follow_redirects=False,
    )
    assert accept.status_code == 303
    # The sender sees "accepted", in her inbox (the count too) and on the victim's page.
    assert ngo.get("/inbox/count").text.count(">1<") == 1
    assert "Accepted by the provider" in text_of(ngo.get("/inbox").text)
    assert "Accepted by the provider" in text_of(ngo.get(f"/victims/{victim_id}").text)
    inbox_page = ngo.get("/inbox").text
    noted = ngo.post(
        f"/referrals/{referral_id}/noted",
        data={"form_token": form_token(inbox_page), "back": "/inbox"},
        follow_redirects=False,
    )
    assert noted.status_code == 303
    assert "Nothing waits for you." in text_of(ngo.get("/inbox").text)
    assert 'id="inbox-count"></span>' in ngo.get("/inbox/count").text


def web_referral(web: Web) -> int:
    with transaction(web.engine) as session:
        return session.scalars(select(Referral.id)).one()


def test_a_referral_is_in_the_audit_trail_without_her_identity(web: Web) -> None:
    ngo = web.client("ngo")
    victim_id = register_victim(ngo)
    refer(ngo, victim_id, "shelter", SHELTER, note=f"For {NAME}")
    with transaction(web.engine) as session:
        rows = session.scalars(select(AuditRecord).where(AuditRecord.action == "referral")).all()
        trail = " ".join(r.detail + (r.purpose or "") for r in session.scalars(select(AuditRecord)))
    [row] = rows
    entry = json.loads(row.detail)
    assert (entry["service"], entry["provider_org_id"]) == ("shelter", 4)
    assert row.target_id == str(victim_id)
    assert NAME not in trail


def test_a_stale_referral_saves_nothing(web: Web) -> None:
    ngo = web.client("ngo")
    victim_id = register_victim(ngo)
    answer = refer(ngo, victim_id, version="7")
    assert answer.status_code == 303 and "service=shelter" in answer.headers["location"]
    assert "changed meanwhile" in text_of(ngo.get(answer.headers["location"]).text)
    assert _count(web, Referral) == 0


def test_the_header_leads_to_the_inbox_with_its_count(web: Web) -> None:
    page = web.client("shelter").get("/").text
    assert 'href="/inbox"' in page and 'hx-get="/inbox/count"' in page
    assert web.client("admin").get("/inbox").status_code == 200  # nothing to decide
    assert "Nothing waits for you." in text_of(web.client("admin").get("/inbox").text)


def test_the_directory_and_an_administrators_own_offers(web: Web) -> None:
    html = web.client("police").get("/services?service=shelter").text
    directory = text_of(html[html.index("<main") :])
    assert "Almaty shelter" in directory and "Bishkek shelter" in directory
    assert "Kazakhstan police" not in directory
    admin = web.client("shelter-admin")
    added = submit(
        admin, "/admin/services", {"service": "repatriation", "region": "Almaty", "note": "Mon-Fri"}
    )
    assert added.status_code == 303, text_of(added.text)
    own = admin.get("/admin/services").text
    assert "Repatriation" in text_of(own)
    with transaction(web.engine) as session:
        offer = session.scalars(
            select(ServiceOffer).where(ServiceOffer.service == "repatriation")
        ).one()
        assert (offer.country, offer.region) == ("KZ", "Almaty")
    again = submit(admin, "/admin/services", {"service": "repatriation", "region": "Almaty"})
    assert again.status_code == 422 and "is offered there already" in again.text
    gone = submit(admin, f"/admin/services/{offer.id}/withdraw", {}, form_page="/admin/services")
    assert gone.status_code == 303
    assert _count(web, ServiceOffer) == 7
    # Nobody else keeps the shelter's offers.
    assert (
        submit(
            web.client("admin"),
            f"/admin/services/{offer.id}/withdraw",
            {},
            form_page="/admin/services",
        ).status_code
        == 404
    )
    shelter = web.client("shelter")
    assert "Add to the directory" not in shelter.get("/admin/services").text
    refused = submit(shelter, "/admin/services", {"service": "education"})
    assert refused.status_code == 403 and _count(web, ServiceOffer) == 7


def test_the_actions_refusals_are_in_the_catalogues() -> None:
    """The form shows the action's reasons translated: each must be a msgid."""
    assert {making.NOT_OFFERED, making.OWN_ORGANISATION, making.NO_CONSENT} <= set(
        referral_forms.REASONS
    )
    assert {services.NO_COUNTRY} <= set(service_pages.REASONS)


def test_the_directory_in_russian(web: Web) -> None:
    page = text_of(web.client("police-ru").get("/services").text)
    assert "Поставщики услуг" in page and "Входящие" in page and "Размещение в приюте" in page


def test_the_referrals_list_is_filtered_and_paged_each_list_on_its_own(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listing, "PAGE_SIZE", 1)
    ngo = web.client("ngo")
    for service in ("shelter", "medical"):
        answer = refer(ngo, register_victim(ngo), service=service)
        assert answer.status_code == 303, text_of(answer.text)
    page = ngo.get("/referrals?sort=referred_earliest").text
    assert "1–1 of 2" in text_of(page)
    following = re.search(r'rel="next" href="([^"]+)"', page)
    assert following is not None
    link = following.group(1).replace("&amp;", "&")
    assert "made_page=2" in link and "sort=referred_earliest" in link
    assert "received_page=1" in link  # the other list stays on its page
    assert "Medical" in text_of(ngo.get(link).text)
    only = text_of(ngo.get("/referrals?service=medical").text)
    assert "1–1 of 1" in only and "Shelter" not in only.split("Referrals you made")[1]

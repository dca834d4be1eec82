"""Journey 1 in a real headless Chromium: a case worker registers a victim with consent
and refers her to a shelter of another NGO; the shelter's worker sees the referral in
the inbox (its count in the header), opens the victim, and accepts; the sender sees
"accepted".  The form offers only organisations that provide the service.

Browser and server as in test_e2e.py (Debian's chromium; fails, never skips,
without it); screenshots of each step go to ``artifacts/screenshots/``.
"""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect
from tests.service.web.test_e2e import (
    LAPTOP,
    PHONE,
    VICTIM_NAME,
    _open,
    _saved,
    _shot,
    browser,
    server,
)

__all__ = ["browser", "server"]  # the module-scoped fixtures of test_e2e


def _register(page: Page) -> str:
    page.get_by_role("link", name="Register a victim").first.click()
    page.check("#f-consent_assistance")
    page.fill("#f-full_name", VICTIM_NAME)
    page.select_option("#f-sex", "female")
    page.select_option("#f-citizenship", "KG")
    page.fill("#f-birth_year", "1999")
    page.select_option("#f-trafficking_status", "ActualVictim")
    page.check("input[name=exploitation][value=ForcedLabour]")
    page.select_option("#f-tlp", "AMBER")
    page.select_option("#f-distribution", "owner")  # her own organisation only
    page.get_by_role("button", name="Register the victim").click()
    _saved(page, "The victim was registered; the identity is sealed.")
    return page.url


def _refer(page: Page) -> None:
    page.get_by_role("link", name="Refer to a service").click()
    page.select_option("#f-service", "shelter")
    page.get_by_role("button", name="Show who offers it").click()
    providers = page.locator("#f-provider option").all_inner_texts()
    # Only shelters: no police force, no prosecutor, not the NGO itself.
    assert providers == ["—", "Almaty shelter — KZ", "Bishkek shelter — KG"], providers
    # Her consent at registration (to any organisation, identity included) covers it.
    expect(page.locator("main")).to_contain_text("This covers: Almaty shelter, Bishkek shelter.")
    page.select_option("#f-provider", label="Bishkek shelter — KG")
    page.fill("#f-note", "Needs a safe bed tonight; speaks Kyrgyz and Russian")
    _shot(page, "referral-form-laptop")
    page.get_by_role("button", name="Refer", exact=True).click()
    _saved(page, "The referral was sent; the organisation sees it now.")
    expect(page.locator("#referrals")).to_contain_text("Referred")
    _shot(page, "referral-sent-victim-page-laptop")


def test_journey_a_referral_to_a_shelter_of_another_ngo(browser: Browser, server: str) -> None:
    ngo = _open(browser, server, "ngo", LAPTOP)
    victim_url = _register(ngo)
    pseudonym = ngo.locator("h1 .pseudonym").inner_text()
    _refer(ngo)

    # The Kyrgyz shelter is outside the sharing group: it saw nothing of her before.
    shelter = _open(browser, server, "kg-shelter", PHONE)
    expect(shelter.locator("#inbox-count")).to_have_text(re.compile(r"^1"))
    _shot(shelter, "inbox-count-shelter-phone")
    shelter.locator("a.inbox").click()
    expect(shelter.locator("main")).to_contain_text("Referrals waiting for your answer")
    expect(shelter.locator("main")).to_contain_text("Needs a safe bed tonight")
    _shot(shelter, "inbox-shelter-phone")
    shelter.get_by_role("link", name=pseudonym).click()
    expect(shelter.locator("h1 .pseudonym")).to_have_text(pseudonym)
    assert VICTIM_NAME not in shelter.content()
    shelter.select_option("#f-purpose", "assistance")
    shelter.get_by_role("button", name="Show the identity").click()
    expect(shelter.locator("#identity")).to_contain_text(VICTIM_NAME)  # she consented
    _shot(shelter, "victim-page-shelter-phone")
    shelter.locator("#referrals").get_by_role("button", name="Accepted by the provider").click()
    _saved(shelter, "The referral was updated.")
    expect(shelter.locator("#referrals")).to_contain_text("Accepted by the provider")
    _shot(shelter, "referral-accepted-shelter-phone")

    # The sender sees "accepted": in the header's count, the inbox and her page.
    ngo.goto("/")
    expect(ngo.locator("#inbox-count")).to_have_text(re.compile(r"^1"))
    ngo.locator("a.inbox").click()
    expect(ngo.locator("main")).to_contain_text("Answers to your referrals")
    expect(ngo.locator("main")).to_contain_text("Accepted by the provider")
    _shot(ngo, "inbox-answer-case-worker-laptop")
    ngo.get_by_role("button", name="Noted").click()
    expect(ngo.locator("main")).to_contain_text("Nothing waits for you.")
    ngo.goto(victim_url)
    expect(ngo.locator("#referrals")).to_contain_text("Accepted by the provider")
    expect(ngo.locator("#referrals")).to_contain_text("Bishkek shelter")
    _shot(ngo, "victim-page-accepted-laptop")


def test_an_organisation_that_does_not_offer_the_service_cannot_be_picked(
    browser: Browser, server: str
) -> None:
    ngo = _open(browser, server, "ngo", PHONE)
    _register(ngo)
    ngo.get_by_role("link", name="Refer to a service").click()
    ngo.select_option("#f-service", "repatriation")
    ngo.get_by_role("button", name="Show who offers it").click()
    expect(ngo.locator("main")).to_contain_text("No organisation offers this service")
    assert ngo.locator("#f-provider").count() == 0
    _shot(ngo, "referral-nobody-offers-phone")

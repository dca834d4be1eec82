"""Journey 5 in a real headless Chromium: an auditor, on her start page, refuses an
emergency request and acknowledges an alert.

An Uzbek investigator, outside the sharing group, asks for an emergency read of a
Kazakh police case; someone guesses a password until the alert rules notice.  The
auditor of the case's organisation sees both on her start page, refuses the request
(the asker sees "refused") and acknowledges the alert, which leaves the open alerts
and stays, marked, on the alerts page.

Browser and server as in test_e2e.py; screenshots go to ``artifacts/screenshots/``.
"""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect
from tests.service.web.test_e2e import (
    LAPTOP,
    PHONE,
    _open,
    _police_open_case,
    _saved,
    _shot,
    browser,
    server,
)

__all__ = ["browser", "server"]  # the module-scoped fixtures of test_e2e
GUESSED = "police-ru"
ALERT = "Sign-ins from one address stopped after repeated failures"


def _ask_for_emergency_read(page: Page, case_id: str) -> None:
    page.goto("/break-glass")
    page.select_option("#f-kind", "case")
    page.fill("#f-record_id", case_id)
    page.fill("#f-reason", "A witness in this case is in danger tonight; we must find her.")
    page.get_by_role("button", name="Ask for emergency access").click()
    _saved(page, "Your emergency request was sent.")


def _guess_password(browser: Browser, server: str, times: int) -> None:
    page = browser.new_context(viewport=LAPTOP, base_url=server).new_page()
    for _ in range(times):
        page.goto("/login")
        page.fill("#username", GUESSED)
        page.fill("#password", "not the password")
        page.get_by_role("button", name="Sign in").click()
        expect(page.locator("main")).to_contain_text(re.compile("Wrong user name|Too many"))
    page.context.close()


def test_journey_an_auditor_refuses_a_request_and_acknowledges_an_alert(
    browser: Browser, server: str
) -> None:
    police = _open(browser, server, "police", LAPTOP)
    case_id = _police_open_case(police).rstrip("/").rsplit("/", 1)[-1]
    asker = _open(browser, server, "uz-police", LAPTOP)
    _ask_for_emergency_read(asker, case_id)
    _guess_password(browser, server, 5)

    auditor = _open(browser, server, "auditor", LAPTOP)
    main = auditor.locator("main")
    expect(main).to_contain_text("Emergency requests waiting for your approval")
    expect(main).to_contain_text("Uzbek Investigator")
    # Five failures stop the address: the throttle's alert.
    expect(main).to_contain_text(ALERT)
    _shot(auditor, "auditor-start-laptop")

    auditor.get_by_role("button", name=re.compile(r"^Refuse: Uzbek Investigator")).click()
    _saved(auditor, "The emergency access was refused.")
    expect(main).not_to_contain_text("Uzbek Investigator")

    acknowledge = auditor.get_by_role("button", name=re.compile(f"^Acknowledge: {ALERT}"))
    acknowledge.first.click()
    _saved(auditor, "The alert was acknowledged.")
    expect(acknowledge).to_have_count(0)
    expect(auditor.locator("#inbox-count")).to_have_text("")  # nothing waits any more
    _shot(auditor, "auditor-start-after-laptop")

    # The alert stays on the alerts page, marked.
    auditor.goto("/audit/alerts")
    expect(auditor.locator("main")).to_contain_text("acknowledged")
    _shot(auditor, "auditor-alerts-laptop")

    # The asker sees the answer.
    asker.goto("/break-glass")
    expect(asker.locator("#mine-heading + *")).to_contain_text(re.compile("[Rr]efused"))
    _shot(asker, "emergency-refused-asker-laptop")

    phone = _open(browser, server, "auditor", PHONE)
    expect(phone.locator("main")).to_contain_text("Open alerts of the last 7 days")
    _shot(phone, "auditor-start-phone")

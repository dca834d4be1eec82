"""End to end in a real headless Chromium: an analyst pastes a news report, reads it
with what Amanat proposes marked in the text, gives the seizure the country the report
left out and accepts it as probably true, and rejects an arrest.  The review page passes
axe-core and fits a phone.  Screenshots go to ``artifacts/screenshots/`` (``reports-*.png``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from sqlalchemy import select
from tests.service.web.axe import assert_accessible
from tests.service.web.conftest import browser_world, serving
from tests.service.web.test_e2e import LAPTOP, _open, _saved, _shot, browser

from amanat.register import Seizure
from amanat.store.engine import transaction

__all__ = ["browser"]

REPORT = Path(__file__).parents[2] / "reports" / "en_hedged.txt"
PHONE_WIDTH = 375


def _candidate(page: Page, kind: str) -> Locator:
    return page.locator("article.candidate", has=page.locator("h3", has_text=kind)).first


def test_an_analyst_reviews_a_pasted_report(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory, browser: Browser
) -> None:
    engine = browser_world(sqlite_template, tmp_path_factory, "reports")
    with serving(engine) as address:
        page = _open(browser, address, "analyst", LAPTOP)
        page.get_by_role("link", name="Open-source reports").click()
        page.get_by_label("Or paste the report's text").fill(REPORT.read_text(encoding="utf-8"))
        page.get_by_label("Date of the report").fill("2013-10-20")
        page.get_by_label("Publisher").fill("Border Daily")
        page.get_by_label("Source reliability").select_option("B")
        page.get_by_role("button", name="Add and read the report").click()
        _saved(page, "The report was added")

        # The text, with the seizure's sentence marked; the hedged arrest says so.
        expect(page.locator("mark.cand-seizure").first).to_be_visible()
        expect(_candidate(page, "Arrest").nth(0)).to_be_visible()
        expect(page.get_by_text('hedged: "reportedly"')).to_be_visible()
        assert_accessible(page)
        _shot(page, "reports-review")

        seizure = _candidate(page, "Seizure")
        seizure.locator("select[name^='country-']").select_option("TJ")
        seizure.locator("input[name^='seized_on-']").fill("2013-10-14")
        seizure.locator("select[name^='credibility-']").select_option("2")
        seizure.get_by_role("button", name="Accept").click()
        _saved(page, "Accepted: the record was written.")
        expect(_candidate(page, "Seizure").get_by_text("accepted")).to_be_visible()
        _shot(page, "reports-accepted")

        _candidate(page, "Arrest").get_by_role("button", name="Reject").click()
        _saved(page, "Rejected.")

        page.set_viewport_size({"width": PHONE_WIDTH, "height": 812})
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= PHONE_WIDTH, f"the review page is {width} px wide at {PHONE_WIDTH} px"
        _shot(page, "reports-phone")
        page.context.close()
    with transaction(engine) as session:
        seized = session.scalars(select(Seizure)).all()
        assert [(s.country, s.credibility, s.source_kind) for s in seized] == [
            ("TJ", "2", "open_source")
        ]
    engine.dispose()

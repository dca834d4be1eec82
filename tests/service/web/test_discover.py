"""The discovery page: a name typed in Latin finds the Uzbek ministry's Cyrillic record,
and the answer shows the hit and the holder, never the name (not even the one typed)."""

from __future__ import annotations

from tests.actions.conftest import World
from tests.discovery.conftest import suspect
from tests.service.web.conftest import Web, form_token, text_of


def test_the_page_answers_hit_or_no_hit(web: Web) -> None:
    suspect(World(web.engine, web.master))
    client = web.client("police")
    page = client.get("/discover")
    assert page.status_code == 200
    data = {
        "form_token": form_token(page.text),
        "name": "Taras Shevchenko",
        "born": "09.03.1981",
        "purpose": "recruiter in case KZ-2024-0457",
        "basis": "bilateral_agreement",
    }
    answer = client.post("/discover", data=data)
    assert answer.status_code == 200, text_of(answer.text)
    shown = text_of(answer.text)
    assert answer.text.count('class="discovery-hit"') == 1
    assert "Uzbekistan interior ministry" in shown and "Certain" in shown
    for secret in ("Шевченко", "Shevchenko", "Taras", "1981"):
        assert secret not in answer.text, secret
    miss = client.post(
        "/discover", data={**data, "form_token": form_token(answer.text), "name": "Olga Ivanova"}
    )
    assert 'class="discovery-no-hit"' in miss.text
    refused = client.post(
        "/discover", data={**data, "form_token": form_token(miss.text), "basis": "because"}
    )
    assert refused.status_code == 422

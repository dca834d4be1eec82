"""Requests for information in the web app: from the police's own person page to a hit,
from the hit to a request, the Uzbek ministry's inbox with its deadline, a release of
the names only, and the police reading exactly the names."""

from __future__ import annotations

import datetime as dt
import re

from tests.actions.conftest import World
from tests.discovery.conftest import PASSPORT, SUSPECT_NAME, suspect
from tests.service.web.conftest import Web, form_token, text_of

from amanat.actions import discovery, information_requests
from amanat.actions.discovery import Query
from amanat.discovery.models import InformationRequest
from amanat.store.engine import transaction

WHY = {"purpose": "recruiter in case KZ-2024-0457", "basis": "mla_request"}


def test_from_a_person_page_to_a_partial_release(web: Web) -> None:
    world = World(web.engine, web.master)
    held = suspect(world)
    mine = world.create(
        "police",
        {"kind": "person", "ref": "p", "names": [{"full_name": "Taras Shevchenko"}],
         "birth_year": 1981, "birth_month": 3, "birth_day": 9},
    )["p"]  # fmt: skip
    police = web.client("police")
    person_page = police.get(f"/people/{mine}")
    assert f'href="/discover?person_id={mine}"' in person_page.text
    ask_page = police.get(f"/discover?person_id={mine}")
    assert f'name="person_id" value="{mine}"' in ask_page.text
    answer = police.post(
        "/discover", data={"form_token": form_token(ask_page.text), "person_id": str(mine), **WHY}
    )
    assert answer.status_code == 200, text_of(answer.text)
    assert answer.text.count('class="discovery-hit"') == 1
    assert "Шевченко" not in answer.text
    link = re.search(r'href="(/discovery/requests/new\?reference=[^"]+)"', answer.text)
    assert link is not None
    new = police.get(link.group(1).replace("&amp;", "&"))
    reference = re.search(r'name="reference"[^>]*value="([^"]+)"', new.text)
    assert reference is not None
    data = {"form_token": form_token(new.text), "reference": reference.group(1),
            "urgency": "urgent", "handling": "H2", **WHY}  # fmt: skip
    refused = police.post("/discovery/requests", data={**data, "handling": "H9"})
    assert refused.status_code == 422
    filed = police.post(
        "/discovery/requests", data={**data, "form_token": form_token(refused.text)}
    )
    assert filed.status_code == 200 and "Your request was sent" in filed.text
    request_id = int(str(filed.url).rsplit("/", 1)[1])

    holder = web.client("uz-police")
    inbox = holder.get("/inbox")
    assert "Requests for information to answer" in inbox.text
    listing = holder.get("/discovery/requests")
    assert 'class="rfi"' in listing.text and "KZ-POL" in listing.text
    page = holder.get(f"/discovery/requests/{request_id}")
    assert f'href="/people/{held}"' in page.text and 'value="documents"' in page.text
    # Another organisation: as if the request did not exist.
    assert web.client("ngo").get(f"/discovery/requests/{request_id}").status_code == 404
    declined_without_reason = holder.post(
        f"/discovery/requests/{request_id}/decision",
        data={"form_token": form_token(page.text), "decision": "decline"},
    )
    assert declined_without_reason.status_code == 422
    released = holder.post(
        f"/discovery/requests/{request_id}/decision",
        data={"form_token": form_token(declined_without_reason.text), "decision": "partial",
              "sections": ["names"]},
    )  # fmt: skip
    assert released.status_code == 200, text_of(released.text)

    seen = police.get(f"/discovery/requests/{request_id}")
    shown = text_of(seen.text)
    assert SUSPECT_NAME in shown and "approved in part" in shown
    assert PASSPORT not in seen.text
    assert police.get(f"/people/{held}").status_code == 404


def test_an_overdue_request_is_marked(web: Web) -> None:
    world = World(web.engine, web.master)
    suspect(world)
    with world.acting("police") as ctx:
        [hit] = discovery.ask(ctx, [Query(names=[SUSPECT_NAME], born="1981")], "x", "other")
        made = information_requests.file(ctx, hit.answers[0].reference, "why", "other")
    with transaction(web.engine) as session:
        request = session.get(InformationRequest, made.id)
        assert request is not None
        request.due_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    holder = web.client("uz-police")
    listing = holder.get("/discovery/requests?status=overdue")
    assert 'class="rfi rfi-overdue"' in listing.text
    assert "Overdue: 1" in text_of(holder.get("/inbox").text)


def test_an_ngo_learns_only_hit_and_is_asked_back_in_the_web(web: Web) -> None:
    world = World(web.engine, web.master)
    suspect(world)
    ngo = web.client("ngo")
    ask_page = ngo.get("/discover")
    answer = ngo.post(
        "/discover",
        data={"form_token": form_token(ask_page.text), "name": "Taras Shevchenko",
              "born": "09.03.1981", "purpose": "a recruiter my client named", "basis": "other"},
    )  # fmt: skip
    assert answer.status_code == 200, text_of(answer.text)
    shown = text_of(answer.text)
    assert "Hit: another agency holds a record on this person." in shown
    assert "Request information" not in shown and "UZ-MVD" not in answer.text

    holder = web.client("uz-police")
    listing = holder.get("/discovery/requests")
    assert 'class="received-hit"' in listing.text and "KG-NGO" in listing.text
    link = re.search(r'href="(/discovery/requests/new\?reference=[^"]+back=yes)"', listing.text)
    assert link is not None, "the holder is offered to ask the NGO"
    new = holder.get(link.group(1).replace("&amp;", "&"))
    assert 'name="back" value="yes"' in new.text
    reference = re.search(r'name="reference"[^>]*value="([^"]+)"', new.text)
    assert reference is not None
    filed = holder.post(
        "/discovery/requests",
        data={"form_token": form_token(new.text), "reference": reference.group(1),
              "back": "yes", "urgency": "routine", "handling": "H1", **WHY},
    )  # fmt: skip
    assert filed.status_code == 200 and "Your request was sent" in filed.text
    request_id = int(str(filed.url).rsplit("/", 1)[1])
    assert "Asked" in text_of(holder.get("/discovery/requests").text)

    page = ngo.get(f"/discovery/requests/{request_id}")
    assert "They ask what your client said" in text_of(page.text)
    assert "/people/" not in page.text  # never the ministry's record
    wordless = ngo.post(
        f"/discovery/requests/{request_id}/decision",
        data={"form_token": form_token(page.text), "decision": "approve"},
    )
    assert wordless.status_code == 422 and 'href="#f-note"' in wordless.text
    told = ngo.post(
        f"/discovery/requests/{request_id}/decision",
        data={"form_token": form_token(wordless.text), "decision": "approve",
              "note": "He drove her to the border in May."},
    )  # fmt: skip
    assert told.status_code == 200, text_of(told.text)
    seen = text_of(holder.get(f"/discovery/requests/{request_id}").text)
    assert "He drove her to the border in May." in seen

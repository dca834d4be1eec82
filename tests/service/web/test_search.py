"""The search page shows one row per person (issue 15): every record of the person the
user may see, with one plain match figure; the person page is the merged profile, each
record's facts beside its agency and grading; a record the user may not see is absent
from both."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, insert, select
from tests.service.web.conftest import GROUP, Web, form_token, text_of

from amanat.access.models import User
from amanat.actions import records, sharing
from amanat.actions.actor import Actor, Credential
from amanat.actions.door import Context
from amanat.resolve.models import EntityMember
from amanat.store.engine import transaction

MARKING = {"source_kind": "agency_record", "tlp": "AMBER", "handling": "H0"}


def _create(engine: Engine, username: str, record: dict[str, Any], *, shared: bool) -> int:
    with transaction(engine) as session:
        user = session.scalars(select(User).where(User.username == username)).one()
        ctx = Context(session, Actor(Credential.command_line, user))
        marking: dict[str, Any] = {**MARKING, "distribution": "owner"}
        if shared:
            group = next(g.id for g in sharing.groups(ctx) if g.name == GROUP)
            marking |= {"distribution": "group", "sharing_group_id": group}
        made = records.create_records(ctx, [{**marking, "ref": "p", **record}])
        return made["p"]


def one_man_in_three_agencies(engine: Engine) -> dict[str, int]:
    """Erlan Jumanbekov as the Kazakh police, the prosecutor (both in the task force)
    and the Uzbek ministry (its own eyes only) recorded him; resolution joined them."""
    person = {"kind": "person", "sex": "male"}
    ids = {
        "police": _create(
            engine,
            "police",
            {
                **person,
                "names": [{"full_name": "Джуманбеков Ерлан"}],
                "birth_year": 1979,
                "citizenships": [{"country": "KZ"}],
                "reliability": "B",
                "credibility": "2",
            },
            shared=True,
        ),
        "prosecutor": _create(
            engine,
            "prosecutor",
            {
                **person,
                "names": [{"full_name": "Jumanbekov Erlan"}],
                "phones": [{"number": "8 701 234 56 78"}],
                "documents": [{"doc_type": "national_passport", "number": "N1234567"}],
                "reliability": "C",
                "credibility": "3",
            },
            shared=True,
        ),
        "uz": _create(
            engine,
            "uz-police",
            {**person, "names": [{"full_name": "Jumanbekov Erlan Tursunovich"}]},
            shared=False,
        ),
    }
    entity = min(ids.values())
    with transaction(engine) as session:
        session.execute(
            insert(EntityMember),
            [{"record_kind": "person", "record_id": i, "entity_id": entity} for i in ids.values()],
        )
    return ids


def _search(web: Web, username: str, query: str) -> Any:
    client = web.client(username)
    page = client.get("/search")
    data = {"form_token": form_token(page.text), "q": query, "purpose": "case KZ-2024-0457"}
    return client.post("/search", data=data)


def test_one_row_per_person_with_one_plain_figure(web: Web) -> None:
    ids = one_man_in_three_agencies(web.engine)
    answer = _search(web, "police", "Jumanbekov")
    assert answer.status_code == 200
    assert answer.text.count('class="person-row"') == 1
    found = text_of(answer.text)
    # The spelling as typed leads; the other agency's spelling is in the same row.
    assert "Jumanbekov Erlan Also written: Джуманбеков Ерлан" in found
    assert "Kazakhstan police" in found and "Kazakhstan prosecutor" in found
    assert "Records: 2" in found and "Tursunovich" not in found
    assert f"/people/{ids['uz']}" not in answer.text
    # One figure, plainly: no second column of another measure, no dash beside it.
    assert "Match probability" not in found
    assert found.count(" %") >= 1


def test_a_phone_number_as_typed_elsewhere_finds_the_person(web: Web) -> None:
    ids = one_man_in_three_agencies(web.engine)
    answer = _search(web, "police", "+7 (701) 234-5678")
    assert answer.text.count('class="person-row"') == 1
    assert f'href="/people/{ids["prosecutor"]}"' in answer.text
    assert "same phone number" in text_of(answer.text)


def test_the_person_page_is_a_merged_profile(web: Web) -> None:
    ids = one_man_in_three_agencies(web.engine)
    page = web.client("police").get(f"/people/{ids['police']}")
    assert page.status_code == 200
    shown = text_of(page.text)
    assert "This person in 2 records" in shown
    assert "Джуманбеков Ерлан" in shown and "Jumanbekov Erlan" in shown
    assert "8 701 234 56 78 (+77012345678)" in shown
    assert "B — Usually reliable" in shown and "C — Fairly reliable" in shown
    assert f'href="/people/{ids["prosecutor"]}"' in page.text
    # The Uzbek record is not there, and nothing says it exists.
    assert "Tursunovich" not in shown and f"/people/{ids['uz']}" not in page.text
    assert "3 records" not in shown


def test_the_owner_of_the_hidden_record_sees_only_its_own(web: Web) -> None:
    ids = one_man_in_three_agencies(web.engine)
    page = web.client("uz-police").get(f"/people/{ids['uz']}")
    assert page.status_code == 200
    assert "records" not in text_of(page.text).split("Details")[0]
    assert "Джуманбеков" not in page.text


def test_why_a_person_matched_is_said_without_phonetic_keys(web: Web) -> None:
    """Regression: the "Why" column read "family name: … (same phonetic key DJUMANBAKAV)"."""
    one_man_in_three_agencies(web.engine)
    answer = _search(web, "police", "Dzhumanbekov Erlan")
    assert answer.status_code == 200 and 'class="person-row"' in answer.text
    found = text_of(answer.text)
    assert "phonetic key" not in found and "linkage model" not in found
    assert "they sound the same" in found or "similar spellings" in found, found

"""Every page renders for the roles it is for, refuses the others, and errors are
friendly pages (outside /api) in the user's language."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from tests.service.web.conftest import (
    Web,
    add_suspect,
    form_token,
    open_case,
    register_victim,
    submit,
    text_of,
)

from amanat.access.audit_store import AuditRecord
from amanat.access.models import User
from amanat.actions import records
from amanat.actions.actor import Actor, Credential
from amanat.actions.door import Context
from amanat.names.phonetic import KEY_VERSION
from amanat.register.name_key import NameKeyVersion
from amanat.store.engine import transaction

EVERYONE = ("/", "/account", "/sharing")
ROLE_PAGES = {
    "police": ("/search", "/cases/new", "/seizures/new", "/weapons/new", "/sources/new"),
    "ngo": ("/search", "/victims/new", "/caseload", "/referrals"),
    "auditor": ("/audit", "/audit/alerts", "/audit/alerts?days=30", "/audit?action=login"),
    "admin": ("/admin/organisations", "/admin/users", "/admin/tokens"),
    "stats": ("/search",),
}


@pytest.mark.parametrize("username", sorted(ROLE_PAGES))
def test_each_role_has_its_pages(web: Web, username: str) -> None:
    client = web.client(username)
    for path in (*EVERYONE, *ROLE_PAGES[username]):
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.status_code)
        assert "<main" in answer.text


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("auditor", "/cases/new"),
        ("admin", "/victims/new"),
        ("stats", "/seizures/new"),
        ("police", "/audit"),
        ("ngo", "/admin/users"),
        # Roles that read no records have no search, caseload or referrals.
        ("admin", "/search"),
        ("auditor", "/search"),
        ("admin", "/caseload"),
        ("auditor", "/referrals"),
    ],
)
def test_pages_outside_a_role_are_refused(web: Web, username: str, path: str) -> None:
    answer = web.client(username).get(path)
    assert answer.status_code == 403
    assert "Your role does not allow this." in answer.text


def test_the_menu_follows_the_role(web: Web) -> None:
    assert "/caseload" in web.client("ngo").get("/").text
    auditor = web.client("auditor").get("/").text
    assert "/audit" in auditor and "/cases/new" not in auditor
    admin = web.client("admin").get("/").text
    assert "/admin/users" in admin and "/search" not in admin


def test_a_case_page_shows_its_links_and_provenance(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    suspect = add_suspect(police, case_id)
    submit(
        police,
        f"/cases/{case_id}/events/new",
        {
            "stage": "arrested",
            "occurred_on": "2024-04-01",
            "person_id": str(suspect),
            "source_kind": "agency_record",
            "reliability": "B",
            "credibility": "2",
            "tlp": "AMBER",
            "handling": "H0",
            "distribution": "owner",
        },
    )
    page = text_of(police.get(f"/cases/{case_id}").text)
    assert "Justice pipeline Arrested" in page
    assert "Джуманбеков Ерлан · Suspect" in page
    assert "Submitted by Kazakhstan police" in page
    assert "Source reliability B — Usually reliable" in page
    assert "Sharing group Task force" in page
    # How often it was changed, not the register's version number ("Version 1").
    assert "Changes since it was recorded none" in page and "Version" not in page


@pytest.mark.parametrize("kind", ["people", "groups", "places", "seizures", "weapons"])
def test_a_missing_record_is_a_friendly_404(web: Web, kind: str) -> None:
    answer = web.client("police").get(f"/{kind}/999")
    assert answer.status_code == 404
    assert "There is no such page, or it is not shared with you." in answer.text
    assert answer.headers["content-type"].startswith("text/html")


def test_a_record_not_shared_looks_missing(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police, distribution="owner")
    shelter = web.client("shelter").get(f"/cases/{case_id}")
    assert shelter.status_code == 404
    assert "Farm labour ring" not in shelter.text


def test_errors_are_in_the_users_language(web: Web) -> None:
    answer = web.client("police-ru").get("/cases/999")
    assert answer.status_code == 404
    assert "Не найдено" in answer.text


def test_the_api_keeps_its_json_errors(web: Web) -> None:
    client = web.client()
    answer = client.get("/api/v1/me")
    assert answer.status_code == 401
    assert answer.json() == {"detail": "Not authenticated"}
    assert client.get("/api/v1/nothing-here").json() == {"detail": "Not Found"}


def test_an_unknown_page_is_a_page(web: Web) -> None:
    answer = web.client("police").get("/no/such/page")
    assert answer.status_code == 404
    assert "<main" in answer.text


def test_victim_pages_name_the_victim_by_pseudonym(web: Web) -> None:
    ngo = web.client("ngo")
    victim = register_victim(ngo)
    page = ngo.get(f"/victims/{victim}").text
    assert "V-KG-" in page
    assert "Айгуль" not in page  # shown only when asked for, with a purpose


def test_generic_record_pages_render(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    suspect = add_suspect(police, case_id)
    seizure = submit(
        police,
        "/seizures/new",
        {
            "seized_on": "2024-05-01",
            "country": "KZ",
            "case_id": str(case_id),
            "substance": "heroin",
            "substance_1": "heroin",
            "quantity_1": "2,5",
            "weapon_type_1": "pistol",
            "serial_number_1": "AK-77",
            "source_kind": "agency_record",
            "reliability": "B",
            "credibility": "2",
            "tlp": "AMBER",
            "handling": "H0",
            "distribution": "owner",
        },
    )
    seizure_page = police.get(seizure.headers["location"])
    assert seizure_page.status_code == 200
    assert "AK-77" in seizure_page.text
    weapon = next(line for line in seizure_page.text.splitlines() if 'href="/weapons/' in line)
    weapon_url = weapon.split('href="')[1].split('"')[0]
    assert police.get(weapon_url).status_code == 200
    assert police.get(f"/people/{suspect}").status_code == 200


def test_pages_are_not_cached_and_not_framed(web: Web) -> None:
    answer = web.client("police").get("/")
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["x-frame-options"] == "DENY"
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    assert answer.headers["referrer-policy"] == "no-referrer"


def _acting(username: str, session: Session) -> Context:
    user = session.scalars(select(User).where(User.username == username)).one()
    return Context(session, Actor(Credential.command_line, user))


def test_group_and_place_pages_show_their_links(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    suspect = add_suspect(police, case_id)
    # One record per submission: kind_columns can lose a record's kind when it
    # follows another kind-carrying record in the same one (reported to the API).
    new = [
        {
            "kind": "group",
            "ref": "g",
            "group_kind": "organised_crime_group",
            "name": "Shymkent brigade",
            "country": "KZ",
        },
        {
            "kind": "place",
            "ref": "p",
            "place_kind": "farm",
            "name": "Tobacco farm 7",
            "country": "KZ",
        },
    ]
    ids: dict[str, int] = {}
    with transaction(web.engine) as session:
        for record in new:
            ids.update(records.create_records(_acting("police", session), [record]))
        link = {
            "kind": "relationship",
            "relationship_kind": "member_of",
            "from_person_id": suspect,
            "to_group_id": ids["g"],
        }
        records.create_records(_acting("police", session), [link])
    group = text_of(police.get(f"/groups/{ids['g']}").text)
    assert "Shymkent brigade" in group
    assert "Relationships Member of · Джуманбеков Ерлан → Shymkent brigade" in group
    assert "Submitted by Kazakhstan police" in group
    place = text_of(police.get(f"/places/{ids['p']}").text)
    assert "Tobacco farm 7" in place and "Provenance" in place


def test_search_finds_people_across_scripts_and_is_audited(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    add_suspect(police, case_id)
    register_victim(web.client("ngo"))
    page = police.get("/search")
    answer = police.post(
        "/search",
        data={
            "form_token": form_token(page.text),
            "q": "Jumanbekov",
            "purpose": "case KZ-2024-001",
        },
    )
    found = text_of(answer.text)
    assert "Джуманбеков Ерлан" in found
    answer = police.post(
        "/search",
        data={"form_token": form_token(page.text), "q": "Сапарова", "purpose": "checking"},
    )
    assert "Nobody you can see has this name." in answer.text  # victims are never found
    answer = police.post(
        "/search",
        data={"form_token": form_token(page.text), "q": "KZ-2024-001", "purpose": "checking"},
    )
    assert f'href="/cases/{case_id}"' in answer.text
    with transaction(web.engine) as session:
        purposes = set(session.scalars(select(AuditRecord.purpose)))
    assert "case KZ-2024-001" in purposes


def test_search_takes_a_date_of_birth_and_names_a_bad_one(web: Web) -> None:
    police = web.client("police")
    add_suspect(police, open_case(police))
    page = police.get("/search")
    assert 'name="born"' in page.text
    search = {"form_token": form_token(page.text), "q": "Jumanbekov", "purpose": "checking"}
    answer = police.post("/search", data={**search, "born": "1985"})
    assert answer.status_code == 200 and "Джуманбеков Ерлан" in text_of(answer.text)
    answer = police.post("/search", data={**search, "born": "31.02.1985"})
    assert answer.status_code == 422 and 'id="born-error"' in answer.text
    assert "Give a real date of birth" in answer.text


def test_search_needs_a_purpose(web: Web) -> None:
    police = web.client("police")
    page = police.get("/search")
    answer = police.post("/search", data={"form_token": form_token(page.text), "q": "x"})
    assert answer.status_code == 422
    assert 'id="purpose-error"' in answer.text


def test_a_search_over_stale_name_keys_says_to_rekey(web: Web) -> None:
    """Keys of an older key function: the page says what the operator must do, in the
    user's language, and shows no one (issue 14)."""
    police = web.client("police")
    add_suspect(police, open_case(police))
    with transaction(web.engine) as session:
        session.execute(delete(NameKeyVersion))
        session.add(NameKeyVersion(id=1, version=KEY_VERSION - 1))
    for client, said in ((police, "amanat names rekey"), (web.client("police-ru"), "Поиск")):
        page = client.get("/search")
        search = {"form_token": form_token(page.text), "q": "Jumanbekov", "purpose": "checking"}
        answer = client.post("/search", data=search)
        assert answer.status_code == 503
        assert said in text_of(answer.text) and "amanat names rekey" in answer.text
        assert "Джуманбеков" not in answer.text

"""Organisation names in each language: an administrator names their own organisation
(never another's), the change is audited, and every reader sees the name in their
language, else in the organisation's own, else in English.  And the language chosen
on the sign-in form is kept with the account."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.service.web.conftest import PASSWORD, Web, form_token, submit, text_of

from amanat.access import accounts
from amanat.access.audit_store import AuditRecord
from amanat.access.models import User
from amanat.store.engine import transaction


def _org_id(web: Web, code: str) -> int:
    with transaction(web.engine) as session:
        return accounts.organisation_by_code(session, code).id


def _names(web: Web, code: str) -> dict[str, tuple[str, str | None]]:
    with transaction(web.engine) as session:
        org = accounts.organisation_by_code(session, code)
        return {n.language: (n.name, n.short_name) for n in org.names} | {
            "en": (org.name, org.short_name)
        }


def _own_language(web: Web, code: str) -> str | None:
    with transaction(web.engine) as session:
        return accounts.organisation_by_code(session, code).language


NAMED = {
    "language": "kk",
    "name_en": "Kazakhstan police",
    "short_en": "KZ police",
    "name_ru": "Полиция Казахстана",
    "short_ru": "Полиция РК",
    "name_kk": "Қазақстан полициясы",
}


def _name(client: TestClient, org_id: int, **fields: str) -> int:
    url = f"/admin/organisations/{org_id}/names"
    return submit(client, url, {**NAMED, **fields}).status_code


def test_an_administrator_names_the_own_organisation_in_each_language(web: Web) -> None:
    org_id = _org_id(web, "KZ-POL")
    admin = web.client("admin")
    listing = admin.get("/admin/organisations").text
    assert f'href="/admin/organisations/{org_id}/names"' in listing
    # Only one's own organisation is offered.
    assert listing.count('/names"') == 1
    assert _name(admin, org_id) == 303
    assert _names(web, "KZ-POL") == {
        "en": ("Kazakhstan police", "KZ police"),
        "ru": ("Полиция Казахстана", "Полиция РК"),
        "kk": ("Қазақстан полициясы", None),
    }
    assert _own_language(web, "KZ-POL") == "kk"
    with transaction(web.engine) as session:
        entry = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "organisation_named")
        ).one()
        assert entry.target_id == str(org_id)
        assert "en,kk,ru" in str(entry.detail)
    # A language left blank loses its name; the others are kept.
    assert _name(admin, org_id, name_kk="") == 303
    assert set(_names(web, "KZ-POL")) == {"en", "ru"}


def test_another_organisation_is_not_found_and_keeps_its_names(web: Web) -> None:
    other = _org_id(web, "KG-NGO")
    admin = web.client("admin")
    assert admin.get(f"/admin/organisations/{other}/names").status_code == 404
    token = form_token(admin.get("/admin/organisations").text)
    answer = admin.post(f"/admin/organisations/{other}/names", data={**NAMED, "form_token": token})
    assert answer.status_code == 404
    assert _names(web, "KG-NGO") == {"en": ("Safe Home NGO", None)}
    # A user who is not an administrator is refused as well.
    assert web.client("police").get(f"/admin/organisations/{other}/names").status_code in (
        403,
        404,
    )


def test_bad_names_are_refused_naming_the_field(web: Web) -> None:
    org_id = _org_id(web, "KZ-POL")
    admin = web.client("admin")
    no_english = submit(admin, f"/admin/organisations/{org_id}/names", {**NAMED, "name_en": ""})
    assert no_english.status_code == 422
    assert 'id="name_en-error"' in no_english.text
    short_alone = submit(
        admin, f"/admin/organisations/{org_id}/names", {**NAMED, "name_ru": "", "short_ru": "X"}
    )
    assert short_alone.status_code == 422
    assert 'id="name_ru-error"' in short_alone.text
    not_a_language = submit(
        admin, f"/admin/organisations/{org_id}/names", {**NAMED, "language": "xx"}
    )
    assert not_a_language.status_code == 422
    assert _names(web, "KZ-POL") == {"en": ("Kazakhstan police", None)}


def test_readers_see_the_name_in_their_language_then_the_own_then_english(web: Web) -> None:
    org_id = _org_id(web, "KZ-POL")
    assert _name(web.client("admin"), org_id) == 303
    police = web.client("police")  # an English reader

    def account(lang: str) -> str:
        police.post(
            "/language",
            data={"language": lang, "back": "/", "form_token": form_token(police.get("/").text)},
        )
        return text_of(police.get("/account").text)

    assert "Kazakhstan police" in account("en")
    assert "Полиция Казахстана" in account("ru")
    # The header uses the short name where there is one.
    assert "Полиция РК" in police.get("/").text
    assert "Қазақстан полициясы" in account("kk")
    # No Kyrgyz name: the organisation's own language (Kazakh).
    assert "Қазақстан полициясы" in account("ky")


def _login_choice(html: str) -> str:
    """The language the sign-in form's choice has selected ("": the account's own)."""
    found = re.search(r'<select id="login-language".*?</select>', html, re.S)
    assert found, "the sign-in form offers no language"
    selected = re.search(r'value="(\w*)" selected', found.group(0))
    return selected.group(1) if selected else ""


def test_the_language_chosen_at_sign_in_is_kept_with_the_account(web: Web) -> None:
    client = web.client()
    page = client.get("/login")
    assert 'name="language"' in page.text
    answer = client.post(
        "/login",
        data={
            "username": "police",
            "password": PASSWORD,
            "language": "tg",
            "form_token": form_token(page.text),
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert 'lang="tg"' in client.get("/").text
    with transaction(web.engine) as session:
        user = session.scalars(select(User).where(User.username == "police")).one()
        assert user.language == "tg"
        changed = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "language_changed")
        ).one()
        assert changed.target_id == str(user.id)
    # Signing in again without choosing keeps it.
    other = web.client()
    page = other.get("/login")
    assert _login_choice(page.text) == ""
    other.post(
        "/login",
        data={"username": "police", "password": PASSWORD, "form_token": form_token(page.text)},
    )
    assert 'lang="tg"' in other.get("/").text
    # After signing out, the next person's sign-in form does not offer the last one's
    # language; a language chosen with the header's switch before signing in, it does.
    home = other.get("/")
    other.post("/logout", data={"form_token": form_token(home.text)})
    signed_out = other.get("/login").text
    assert _login_choice(signed_out) == ""
    other.post(
        "/language",
        data={"language": "ky", "back": "/login", "form_token": form_token(signed_out)},
    )
    assert _login_choice(other.get("/login").text) == "ky"

"""Every language the web app has a catalogue for can be a user's own."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from tests.service.web.conftest import Web, form_token, submit

from amanat.access import accounts
from amanat.access.models import User
from amanat.language import i18n
from amanat.register import InvalidValue
from amanat.store.engine import transaction


def test_accounts_accept_every_interface_language() -> None:
    assert set(accounts.LANGUAGES) == set(i18n.LANGUAGES)


@pytest.mark.parametrize("lang", ["kk", "ky", "uz", "tg"])
def test_a_user_keeps_a_regional_language(web: Web, lang: str) -> None:
    client = web.client("police")
    home = client.get("/")
    client.post(
        "/language", data={"language": lang, "back": "/", "form_token": form_token(home.text)}
    )
    assert f'lang="{lang}"' in web.client("police").get("/").text
    with transaction(web.engine) as session:
        assert session.scalars(select(User.language).where(User.username == "police")).one() == lang


def test_an_administrator_gives_a_new_user_kyrgyz(web: Web) -> None:
    answer = submit(
        web.client("admin"),
        "/admin/users",
        {
            "org_code": "KG-NGO",
            "username": "aibek",
            "display_name": "Айбек",
            "role": "case_worker",
            "password": "a long enough password",
            "language": "ky",
        },
    )
    assert answer.status_code == 303, answer.text
    with transaction(web.engine) as session:
        assert session.scalars(select(User.language).where(User.username == "aibek")).one() == "ky"
        with pytest.raises(InvalidValue):
            accounts.add_user(session, "KG-NGO", "x", "X", "case_worker", "pw" * 8, language="de")

"""The web app in the user's language: every field shown has a label, dates and
numbers in the user's format, Russian labels, a Kazakh start page in Kazakh."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy.orm import class_mapper
from tests.service.web.conftest import Web, open_case, text_of

from amanat.actions.records.kinds import RECORD_API_KINDS, children
from amanat.register.labels import FIELD_LABELS
from amanat.register.system import parent_keys, system_fields
from amanat.service.web.rendering import environment


def test_every_field_shown_has_a_label() -> None:
    missing = set()
    for kind in RECORD_API_KINDS:
        models = [kind.model, *children(kind.model).values()]
        for model in models:
            for attr in class_mapper(model).column_attrs:
                shown = attr.key not in system_fields(model) | parent_keys(model)
                if shown and attr.key not in FIELD_LABELS:
                    missing.add(f"{model.__name__}.{attr.key}")
    assert not missing, sorted(missing)


@pytest.mark.parametrize(
    ("lang", "day", "number"),
    [("en", "Mar 1, 2024", "12,345.5"), ("ru", "1 мар. 2024\u202fг.", "12\xa0345,5")],
)
def test_dates_and_numbers_follow_the_language(lang: str, day: str, number: str) -> None:
    template = environment(lang).from_string("{{ d | date }}|{{ n | number }}")
    assert template.render(d=dt.date(2024, 3, 1), n=12345.5) == f"{day}|{number}"


def test_the_russian_interface_shows_russian_labels(web: Web) -> None:
    case_id = open_case(web.client("police"))
    client = web.client("police-ru")
    home = text_of(client.get("/").text)
    assert "Главная" in home and "Завести дело" in home
    page = text_of(client.get(f"/cases/{case_id}").text)
    assert "Вид дела Торговля людьми" in page  # the field's label and the vocabulary's
    assert "Ход уголовного процесса" in page
    assert "Дата возбуждения 1 мар. 2024 г." in page  # text_of makes every space plain
    form = text_of(client.get("/victims/new").text)
    assert "Согласие" in form


def test_a_kazakh_interface_speaks_kazakh(web: Web) -> None:
    client = web.client("police")
    page = client.get("/account")
    token = re.search(r'name="form_token" value="([^"]+)"', page.text)
    assert token
    client.post("/language", data={"language": "kk", "back": "/", "form_token": token.group(1)})
    home = text_of(client.get("/").text)
    assert "Басты бет" in home
    assert "Сіздің істеріңіз және олардың жақын мерзімдері" in home
    assert "Ваши дела" not in home  # no Russian fallback left on the start page

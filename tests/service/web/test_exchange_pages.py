"""The Import and Export pages: upload, correct the profile, preview errors by row,
confirm; choose a format and download — on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.service.web.conftest import Web, form_token, text_of

from amanat.register import Organisation, Person
from amanat.store.engine import session_factory

PEOPLE = "Номер;Фамилия;Имя;Пол\nP-1;Асанов;Бакыт;муж.\nP-2;Иванова;Мария;жен.\n"
BAD = PEOPLE + "P-3;Смирнов;Олег;мужик\n"
PROFILE = """kind: person
id: Номер
columns:
  Фамилия: name.family
  Имя: name.given
  Пол: {field: sex, values: {муж.: male, жен.: female}}
"""
MARKING = {
    "tlp": "AMBER",
    "handling": "H1",
    "reliability": "B",
    "credibility": "2",
    "source_kind": "agency_record",
    "distribution": "owner",
}


@pytest.fixture(autouse=True)
def uploads(web: Web, tmp_path: Path) -> Path:
    web.app.state.settings.upload_dir = str(tmp_path / "uploads")
    return tmp_path / "uploads"


def _upload(client: TestClient, content: str) -> str:
    page = client.get("/import")
    assert page.status_code == 200
    answer = client.post(
        "/import",
        data={"form_token": form_token(page.text)},
        files={"file": ("people.csv", content.encode(), "text/csv")},
        follow_redirects=False,
    )
    assert answer.status_code == 303, text_of(answer.text)
    location = answer.headers["location"]
    assert re.fullmatch(r"/import/[A-Za-z0-9_-]{32}", location)
    return location


def _check(client: TestClient, url: str, action: str, profile: str = PROFILE) -> str:
    page = client.get(url)
    answer = client.post(
        url,
        data={"form_token": form_token(page.text), "profile": profile, "action": action, **MARKING},
        follow_redirects=False,
    )
    shown = answer.headers["location"] if answer.status_code == 303 else answer.text
    return f"{answer.status_code} {shown}"


def _people(web: Web) -> list[tuple[str | None, str]]:
    with session_factory(web.engine)() as session:
        query = (
            select(Person.external_id, Organisation.code)
            .join(Organisation, Organisation.id == Person.org_id)
            .order_by(Person.external_id)
        )
        return [(row[0], row[1]) for row in session.execute(query)]


def test_upload_preview_confirm(web: Web) -> None:
    police = web.client("police")
    assert 'href="/import"' in police.get("/").text
    url = _upload(police, PEOPLE)
    review = police.get(url).text
    assert "kind: person" in review  # the suggested profile, to correct
    preview = _check(police, url, "preview")
    # The profile read back as a table: each column of the file and its field.
    assert re.search(r"Фамилия\s*</td><td><span class=\"mono\">person\.name\.family", preview)
    assert re.search(r"Номер\s*</td><td><span class=\"mono\">person\.external_id", preview)
    preview = _check(police, url, "preview")
    assert preview.startswith("200 "), preview
    assert "Preview: nothing has been imported yet" in text_of(preview)
    assert 'value="confirm"' in preview and _people(web) == []
    done = _check(police, url, "confirm")
    assert done == "303 /import", done
    assert _people(web) == [("P-1", "KZ-POL"), ("P-2", "KZ-POL")]
    assert "The file was imported." in text_of(police.get("/import").text)
    assert police.get(url).status_code == 404  # the file is deleted once imported


def test_errors_are_listed_by_row_with_a_csv_report(web: Web) -> None:
    police = web.client("police-ru")
    url = _upload(police, BAD)
    answer = _check(police, url, "confirm")
    assert answer.startswith("422 "), answer[:300]
    shown = text_of(answer)
    assert re.search(r"4 Пол мужик", shown), shown
    assert 'value="confirm"' not in answer
    assert _people(web) == []
    report = police.get(f"{url}/errors.csv")
    assert report.status_code == 200
    lines = report.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "строка,столбец,значение,причина" and lines[1].startswith("4,Пол,мужик,")


def test_a_bad_profile_is_said_and_nothing_imported(web: Web) -> None:
    police = web.client("police")
    url = _upload(police, PEOPLE)
    answer = _check(police, url, "confirm", profile="kind: person\ncolumns: {Нет: sex}")
    assert answer.startswith("422 ") and "cannot be imported with this profile" in answer
    assert _people(web) == []


def test_uploads_are_the_uploaders_and_imports_need_the_right_to_submit(web: Web) -> None:
    url = _upload(web.client("police"), PEOPLE)
    assert web.client("prosecutor").get(url).status_code == 404
    stats = web.client("stats")
    assert stats.get("/import").status_code == 403
    assert 'href="/import"' not in stats.get("/").text
    police = web.client("police")
    page = police.get(url)
    gone = police.post(
        f"{url}/discard", data={"form_token": form_token(page.text)}, follow_redirects=False
    )
    assert gone.status_code == 303
    assert police.get(url).status_code == 404


def test_export_downloads_the_chosen_format(web: Web) -> None:
    stats = web.client("stats")
    page = stats.get("/export")
    assert page.status_code == 200 and 'href="/export"' in page.text
    answer = stats.post(
        "/export",
        data={"form_token": form_token(page.text), "format": "htcds", "lang": "ru", "k": "11"},
    )
    assert answer.status_code == 200, text_of(answer.text)
    assert "attachment" in answer.headers["content-disposition"]
    # HTCDS 2.0's table and Amanat's extension beside it, in one zip.
    assert answer.headers["content-type"].startswith("application/zip")
    assert answer.content.startswith(b"PK")
    refused = stats.post("/export", data={"format": "htcds", "lang": "ru"})
    assert refused.status_code in (400, 403, 419, 422) and "attachment" not in refused.headers.get(
        "content-disposition", ""
    )
    assert web.client("auditor").get("/export").status_code == 403

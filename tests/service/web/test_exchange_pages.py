"""The Import and Export pages: upload, correct the profile, preview errors by row,
confirm; choose a format and download — on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from httpx import Response
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


def _chosen(html: str, index: int) -> tuple[str, str, str]:
    """The heading of the file's column ``index`` and the field its drop-down has
    chosen, as (value, label)."""
    name = f"f-column-{index}"
    heading = re.search(rf'<label for="{name}">([^<]*)</label>', html)
    select = re.search(rf'<select id="{name}".*?</select>', html, re.S)
    assert heading and select, f"no drop-down for column {index}"
    chosen = re.search(r'<option value="([^"]*)" selected>([^<]*)</option>', select.group(0))
    assert chosen, f"nothing chosen for column {index}"
    return unescape(heading.group(1)), chosen.group(1), unescape(chosen.group(2))


def _profile_text(html: str) -> str:
    found = re.search(r'<textarea id="f-profile" name="profile"[^>]*>(.*?)</textarea>', html, re.S)
    assert found, "no profile on the page"
    return unescape(found.group(1))


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
    # The profile read back as drop-downs: each column of the file and its field, by label.
    assert _chosen(preview, 1) == ("Фамилия", "name.family", "Names — Family name")
    assert _chosen(preview, 0)[1:] == (
        "external_id",
        "Your own record id (re-imports update the record)",
    )
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


def test_the_export_form_offers_a_stix_bundle(web: Web) -> None:
    stats = web.client("stats")
    page = stats.get("/export")
    assert 'value="stix"' in page.text
    answer = stats.post(
        "/export", data={"form_token": form_token(page.text), "format": "stix", "lang": "en"}
    )
    assert answer.status_code == 200, text_of(answer.text)
    assert answer.headers["content-type"].startswith("application/stix+json")
    assert answer.content.startswith(b'{"type":"bundle"')


def _mapped(client: TestClient, url: str, action: str, columns: list[str]) -> Response:
    page = client.get(url).text
    data = {
        "form_token": form_token(page),
        "profile": _profile_text(page),
        "kind": "person",
        "action": action,
        **MARKING,
        **{f"column-{i}": field for i, field in enumerate(columns)},
    }
    return client.post(url, data=data, follow_redirects=False)


def test_the_mapping_form_sends_each_column_where_chosen(web: Web) -> None:
    police = web.client("police")
    url = _upload(police, PEOPLE)
    review = police.get(url).text
    # Guessed from the headings, each column already has its field.
    assert [_chosen(review, i)[1] for i in range(4)] == [
        "external_id",
        "name.family",
        "name.given",
        "sex",
    ]
    # The given name is left out; the YAML downloaded is what the drop-downs made.
    columns = ["external_id", "name.family", "", "sex"]
    download = _mapped(police, url, "download", columns)
    assert download.status_code == 200, text_of(download.text)
    assert "attachment" in download.headers["content-disposition"]
    assert "people.profile.yaml" in download.headers["content-disposition"]
    profile = yaml.safe_load(download.text)
    assert profile["kind"] == "person" and profile["id"] == "Номер"
    # The sex column's value list (муж. → male), guessed from the file, is kept.
    assert profile["columns"]["Пол"]["values"]["муж."] == "male"
    assert "Имя" not in profile["columns"]
    preview = _mapped(police, url, "preview", columns)
    assert preview.status_code == 200, text_of(preview.text)
    assert _chosen(preview.text, 2)[1:] == ("", "Not imported")
    assert "Имя:" not in _profile_text(preview.text)
    done = _mapped(police, url, "confirm", columns)
    assert done.status_code == 303, text_of(done.text)
    assert _people(web) == [("P-1", "KZ-POL"), ("P-2", "KZ-POL")]


def test_a_field_offered_to_no_column_or_to_two_is_refused_beside_it(web: Web) -> None:
    police = web.client("police")
    url = _upload(police, PEOPLE)
    answer = _mapped(police, url, "confirm", ["external_id", "vin", "name.family", "name.family"])
    assert answer.status_code == 422
    assert re.search(r'id="column-1-error">Choose one of the options.<', answer.text)
    assert re.search(
        r'id="column-3-error">Another column already goes to this field.<', answer.text
    )
    # The summary at the top links to both drop-downs.
    assert 'href="#f-column-1"' in answer.text and 'href="#f-column-3"' in answer.text
    assert _people(web) == []

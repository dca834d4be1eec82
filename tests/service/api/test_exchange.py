"""Import (upload, preview, confirm) and export over the API: the command line's checks,
transaction, provenance and audit, for the signed-in caller — on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from tests.service.api.conftest import Caller
from tests.service.conftest import Account

from amanat.access import accounts
from amanat.access.audit_store import AuditRecord
from amanat.register import Organisation, Person
from amanat.store.engine import session_factory, transaction

Api = Callable[[str], Caller]
PEOPLE = (
    "Номер;Фамилия;Имя;Пол;Дата рождения\n"
    "P-1;Асанов;Бакыт;муж.;14.03.1985\n"
    "P-2;Иванова;Мария;жен.;1990\n"
)
BAD = PEOPLE + "P-3;Смирнов;Олег;мужик;31.02.1980\n"
PROFILE = yaml.safe_dump(
    {
        "kind": "person",
        "id": "Номер",
        "marking": {"tlp": "AMBER", "handling": "H1", "reliability": "B", "credibility": "2"},
        "columns": {
            "Фамилия": "name.family",
            "Имя": "name.given",
            "Пол": {"field": "sex", "values": {"муж.": "male", "жен.": "female"}},
            "Дата рождения": "birth_date",
        },
    },
    allow_unicode=True,
)


@pytest.fixture(autouse=True)
def uploads(app: FastAPI, tmp_path: Path) -> Path:
    app.state.settings.upload_dir = str(tmp_path / "uploads")
    return tmp_path / "uploads"


def _upload(caller: Caller, content: str, name: str = "people.csv") -> str:
    answer = caller.post("/imports", params={"filename": name}, content=content.encode())
    assert answer.status_code == 201, answer.text
    token: str = answer.json()["upload"]
    return token


def _people(engine: Engine) -> list[tuple[str | None, str, str, str]]:
    with session_factory(engine)() as session:
        rows = session.execute(
            select(Person.external_id, Organisation.code, Person.tlp, Person.handling)
            .join(Organisation, Organisation.id == Person.org_id)
            .order_by(Person.external_id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def _audited(engine: Engine, action: str) -> list[AuditRecord]:
    with session_factory(engine)() as session:
        query = select(AuditRecord).where(AuditRecord.action == action)
        return list(session.scalars(query))


def test_upload_suggests_a_profile(api: Api, uploads: Path) -> None:
    answer = api("kz-investigator").post(
        "/imports", params={"filename": "../../people.csv"}, content=PEOPLE.encode()
    )
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["file"] == "people.csv" and body["size"] == len(PEOPLE.encode())
    assert "kind: person" in body["suggested_profile"]
    kept = list(uploads.glob("*/people.csv"))
    assert len(kept) == 1
    # Only the service's own system user can read a kept file.
    assert (kept[0].parent.stat().st_mode & 0o777) == 0o700
    assert (uploads.stat().st_mode & 0o777) == 0o700


def test_preview_writes_nothing_and_confirm_imports_for_the_callers_organisation(
    api: Api, engine: Engine
) -> None:
    investigator = api("kz-investigator")
    token = _upload(investigator, PEOPLE)
    preview = investigator.post(f"/imports/{token}/preview", json={"profile": PROFILE})
    assert preview.status_code == 200, preview.text
    body = preview.json()
    assert body["rows"] == 2 and body["counts"]["person"]["created"] == 2
    assert body["dry_run"] and not body["written"]
    assert body["samples"][0]["fields"]["sex"] == "male"
    assert _people(engine) == []
    done = investigator.post(
        f"/imports/{token}/confirm", json={"profile": PROFILE, "tlp": "GREEN", "handling": "H0"}
    )
    assert done.status_code == 201, done.text
    assert done.json()["written"] and done.json()["organisation"] == "KZ-POL"
    assert _people(engine) == [("P-1", "KZ-POL", "GREEN", "H0"), ("P-2", "KZ-POL", "GREEN", "H0")]
    [entry] = _audited(engine, "import")
    assert json.loads(entry.detail)["created"] == 2
    # The file is gone once imported.
    again = investigator.post(f"/imports/{token}/preview", json={"profile": PROFILE})
    assert again.status_code == 404


def test_bad_rows_are_422_with_row_and_column_and_a_csv_report(api: Api, engine: Engine) -> None:
    investigator = api("kz-investigator")
    token = _upload(investigator, BAD)
    answer = investigator.post(f"/imports/{token}/confirm", json={"profile": PROFILE, "lang": "ru"})
    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert {(d["loc"][1], d["loc"][2], d["input"]) for d in detail} == {
        (4, "Пол", "мужик"),
        (4, "Дата рождения", "31.02.1980"),
    }
    assert all(d["loc"][0] == "file" and d["msg"] for d in detail)
    assert _people(engine) == []
    report = investigator.get(f"/imports/{token}/errors")
    assert report.status_code == 200
    rows = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert rows[0] == ["строка", "столбец", "значение", "причина"]
    assert {r[0] for r in rows[1:]} == {"4"}


def test_a_bad_profile_is_422_at_the_profile(api: Api) -> None:
    investigator = api("kz-investigator")
    token = _upload(investigator, PEOPLE)
    for profile in ("kind: [unclosed", "kind: person\ncolumns: {Нет такого: sex}"):
        answer = investigator.post(f"/imports/{token}/preview", json={"profile": profile})
        assert answer.status_code == 422, answer.text
        assert answer.json()["detail"][0]["loc"] == ["body", "profile"]


def test_only_the_uploader_sees_the_upload_and_only_submitters_import(api: Api) -> None:
    token = _upload(api("kz-investigator"), PEOPLE)
    for other in ("kz-analyst", "ngo-investigator"):
        answer = api(other).post(f"/imports/{token}/preview", json={"profile": PROFILE})
        assert answer.status_code == 404
        assert api(other).delete(f"/imports/{token}").status_code == 404
    for role in ("kz-statistics_officer", "kz-auditor", "kz-administrator"):
        answer = api(role).post("/imports", params={"filename": "a.csv"}, content=b"x")
        assert answer.status_code == 403, answer.text
    assert api("kz-investigator").delete(f"/imports/{token}").status_code == 204
    answer = api("kz-investigator").post(f"/imports/{token}/preview", json={"profile": PROFILE})
    assert answer.status_code == 404


def test_an_oversized_upload_is_refused_and_not_kept(api: Api, app: FastAPI, uploads: Path) -> None:
    app.state.settings.upload_max_mb = 1
    answer = api("kz-investigator").post(
        "/imports", params={"filename": "big.csv"}, content=b"a;b\n" * 300_000
    )
    assert answer.status_code == 413
    assert not list(uploads.glob("*/big.csv"))


@pytest.mark.parametrize(
    ("form", "kind", "start"),
    [
        ("json", "application/json", b"{"),
        ("glotip", "text/csv", b"\xef\xbb\xbfIso3_code,Country,Region,Subregion"),
        ("htcds", "application/zip", b"PK"),
        ("xlsx", "application/vnd.openxmlformats", b"PK"),
    ],
)
def test_an_export_is_a_download_and_audited(
    api: Api, engine: Engine, form: str, kind: str, start: bytes
) -> None:
    answer = api("kz-statistics_officer").post("/exports", json={"format": form})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith(kind)
    assert "attachment" in answer.headers["content-disposition"]
    assert answer.content.startswith(start)
    [entry] = _audited(engine, "export")
    assert json.loads(entry.detail)["format"] == form
    assert entry.actor_user_id is not None


def test_exports_as_the_command_line_allows(api: Api) -> None:
    assert api("kz-auditor").post("/exports", json={"format": "ftm"}).status_code == 403
    answer = api("kz-analyst").post("/exports", json={"format": "ctdc", "k": 1})
    assert answer.status_code == 422
    answer = api("kz-analyst").post("/exports", json={"format": "pdf"})
    assert answer.status_code == 422


EXAMPLES = Path(__file__).parents[3] / "docs" / "intake"


def test_the_documented_xlsx_example_and_the_built_in_ftm_profile(api: Api) -> None:
    from tests.intake.test_import import FTM

    investigator = api("kz-investigator")
    workbook = (EXAMPLES / "persons-ru.xlsx").read_bytes()
    answer = investigator.post("/imports", params={"filename": "persons-ru.xlsx"}, content=workbook)
    assert answer.status_code == 201, answer.text
    profile = (EXAMPLES / "persons-ru.yaml").read_text(encoding="utf-8")
    done = investigator.post(
        f"/imports/{answer.json()['upload']}/confirm", json={"profile": profile}
    )
    assert done.status_code == 201, done.text
    assert done.json()["counts"]["person"]["created"] > 0
    token = _upload(investigator, FTM, "entities.ftm.jsonl")
    preview = investigator.post(f"/imports/{token}/preview", json={"profile": "ftm"})
    assert preview.status_code == 200, preview.text
    assert preview.json()["counts"]["relationship"]["created"] == 1
    assert api("kz-investigator").get("/imports/profiles").json() == {"built_in": ["ftm"]}


def _read_only(client: TestClient, engine: Engine, account: Account) -> Caller:
    """The user's client with a read-only token of the user's own."""
    with transaction(engine) as session:
        _, token = accounts.create_token(session, account.username, "ro", read_only=True)
    return Caller(client, Account(account.username, account.org_code, account.role, token))


def test_a_read_only_token_cannot_import(
    api: Api, client: TestClient, engine: Engine, uploads: Path
) -> None:
    reader = _read_only(client, engine, api("kz-investigator").account)
    answer = reader.post("/imports", params={"filename": "people.csv"}, content=PEOPLE.encode())
    assert answer.status_code == 403, answer.text
    assert "read-only" in answer.json()["detail"]
    assert not list(uploads.glob("*/people.csv"))
    # Not even the user's own upload, made with a token that may write.
    token = _upload(api("kz-investigator"), PEOPLE)
    for step in ("preview", "confirm"):
        answer = reader.post(f"/imports/{token}/{step}", json={"profile": PROFILE})
        assert answer.status_code == 403, answer.text
        assert "read-only" in answer.json()["detail"]
    assert reader.delete(f"/imports/{token}").status_code == 403
    assert _people(engine) == [] and _audited(engine, "import") == []


def test_a_refused_import_is_not_audited(api: Api, engine: Engine) -> None:
    investigator = api("kz-investigator")
    token = _upload(investigator, BAD)
    answer = investigator.post(f"/imports/{token}/confirm", json={"profile": PROFILE})
    assert answer.status_code == 422
    assert (_people(engine), _audited(engine, "import")) == ([], [])
    fixed = investigator.post("/imports", params={"filename": "people.csv"}, content=PEOPLE)
    done = investigator.post(
        f"/imports/{fixed.json()['upload']}/confirm", json={"profile": PROFILE}
    )
    assert done.status_code == 201, done.text
    [entry] = _audited(engine, "import")
    assert json.loads(entry.detail)["via"] == "token"


def test_a_read_only_token_may_export_and_is_audited(
    api: Api, client: TestClient, engine: Engine
) -> None:
    reader = _read_only(client, engine, api("kz-statistics_officer").account)
    answer = reader.post("/exports", json={"format": "glotip"})
    assert answer.status_code == 200, answer.text
    [entry] = _audited(engine, "export")
    assert json.loads(entry.detail)["via"] == "read-only token"
    # The role's permission still decides: an auditor's read-only token may not export.
    auditor = _read_only(client, engine, api("kz-auditor").account)
    answer = auditor.post("/exports", json={"format": "glotip"})
    assert answer.status_code == 403 and "lacks 'export'" in answer.json()["detail"]

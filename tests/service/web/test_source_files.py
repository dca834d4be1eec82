"""Source documents are kept sealed in the database, size-limited, and downloaded only
through the visibility rule, with every download audited."""

from __future__ import annotations

import io
import json

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select
from tests.service.web.conftest import MARKING, Web, form_token, text_of

from amanat.access import source_files
from amanat.access.audit_store import AuditRecord
from amanat.access.source_files import SourceFile
from amanat.store.engine import transaction

CONTENT = b"%PDF court decision naming the witness Aigul"


def _upload(client: TestClient, content: bytes, **fields: str) -> Response:
    page = client.get("/sources/new")
    data = {
        "form_token": form_token(page.text),
        **MARKING,
        "source_kind": "court_decision",
        "title": "Decision 2-123/2024",
        **fields,
    }
    files = {"file": ("решение 1.pdf", io.BytesIO(content), "application/pdf")}
    return client.post("/sources/new", data=data, files=files, follow_redirects=False)


def test_the_file_is_kept_encrypted_and_downloaded_by_those_who_see_it(web: Web) -> None:
    police = web.client("police")
    answer = _upload(police, CONTENT)
    assert answer.status_code == 303, text_of(answer.text)
    source_id = int(answer.headers["location"].rsplit("/", 1)[1])
    with transaction(web.engine) as session:
        row = session.get(SourceFile, source_id)
        assert row is not None and row.size == len(CONTENT)
        assert b"Aigul" not in row.sealed and CONTENT not in row.sealed
    page = police.get(f"/sources/{source_id}")
    assert f'href="/sources/{source_id}/file"' in page.text
    download = police.get(f"/sources/{source_id}/file")
    assert download.status_code == 200
    assert download.content == CONTENT
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.headers["content-type"] == "application/octet-stream"
    # The prosecutor shares the group and may download; the download is audited.
    assert web.client("prosecutor").get(f"/sources/{source_id}/file").content == CONTENT
    with transaction(web.engine) as session:
        entries = session.scalars(
            select(AuditRecord).where(
                AuditRecord.action == "download", AuditRecord.target_id == str(source_id)
            )
        ).all()
        assert len(entries) == 2
        assert all(json.loads(e.detail)["size"] == len(CONTENT) for e in entries)
        kept = session.scalars(select(AuditRecord).where(AuditRecord.action == "upload")).one()
        assert kept.target_id == str(source_id)
    # Outside the group: not found, like a source that does not exist.
    assert web.client("uz-police").get(f"/sources/{source_id}/file").status_code == 404
    assert police.get("/sources/999999/file").status_code == 404


def test_a_file_over_the_limit_is_refused_with_a_clear_error(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("amanat.service.web.source_forms.MAX_BYTES", 1024)
    answer = _upload(web.client("police-ru"), b"x" * 2048)
    assert answer.status_code == 422
    assert 'id="file-error"' in answer.text
    assert "слишком большой" in answer.text
    with transaction(web.engine) as session:
        assert session.scalars(select(SourceFile)).first() is None


def test_the_store_refuses_more_than_its_limit(web: Web) -> None:
    with transaction(web.engine) as session, pytest.raises(source_files.FileTooLarge):
        source_files.store(
            session, web.master, 1, 1, "big.bin", "x", b"0" * (source_files.MAX_FILE_BYTES + 1)
        )

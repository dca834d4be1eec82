"""Every endpoint has a body limit: 1 MiB for forms and JSON, more where files and bulk
submissions come in.  A body over it is answered 413 and not read beyond the limit,
whether it announces its length or streams without one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.service.conftest import Account

from amanat.service import body_limits
from amanat.service.body_limits import FORM_OR_JSON, MIB, SOURCE_DOCUMENT, SUBMISSION
from amanat.service.settings import ServiceSettings

CHUNK = 64 * 1024
FORM = (b"content-type", b"application/x-www-form-urlencoded")
JSON = (b"content-type", b"application/json")


def limits(settings: ServiceSettings) -> list[tuple[str, int]]:
    upload = settings.upload_max_mb * MIB + MIB
    return [
        ("/login", FORM_OR_JSON),
        ("/cases/new", FORM_OR_JSON),
        ("/api/v1/cases", FORM_OR_JSON),
        ("/api/v1/share-requests", FORM_OR_JSON),
        ("/api/v1/records", SUBMISSION),
        ("/api/v1/imports?filename=people.csv", upload),
        ("/api/v1/imports/token/preview", FORM_OR_JSON),
        ("/api/v1/imports/token/confirm", FORM_OR_JSON),
        ("/import", upload),
        ("/import/token", FORM_OR_JSON),
        ("/import/token/discard", FORM_OR_JSON),
        ("/sources/new", SOURCE_DOCUMENT),
    ]


def test_each_endpoint_refuses_a_body_announced_over_its_limit(
    app: FastAPI, client: TestClient
) -> None:
    # The length is announced, not sent: an announced length over the limit is
    # refused before a byte is read, one at the limit goes on to the handler.
    for path, limit in limits(app.state.settings):
        for announced, refused in ((limit + 1, True), (limit, False)):
            headers = {"content-type": "application/json", "content-length": str(announced)}
            answer = client.post(path, content=b"{}", headers=headers, follow_redirects=False)
            assert (answer.status_code == 413) == refused, (path, announced, answer.status_code)


def test_the_submission_and_upload_limits_follow_their_settings() -> None:
    settings = ServiceSettings(upload_max_mb=3)
    assert body_limits.upload(settings) == 4 * MIB
    assert body_limits.for_router("amanat.service.api.imports", settings) == 4 * MIB
    assert body_limits.for_router("amanat.service.api.records", settings) is None


def test_the_readme_gives_the_limits() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    said = " ".join(readme.split())
    for text in (
        f"{FORM_OR_JSON // MIB} MiB for forms and JSON",
        f"{SUBMISSION // MIB} MiB for a bulk submission",
        f"{SOURCE_DOCUMENT // MIB} MiB for a source document",
        f"`AMANAT_UPLOAD_MAX_MB` plus {body_limits.FORM_AROUND_FILE // MIB} MiB",
    ):
        assert text in said, text


def chunks(total: int) -> Iterator[bytes]:
    for _ in range(total // CHUNK):
        yield b"x" * CHUNK


def send_through(
    app: FastAPI, path: str, body: Iterator[bytes], headers: list[tuple[bytes, bytes]]
) -> tuple[int, int]:
    """POST ``body`` to the app as a server would hand it over, chunk by chunk: the
    answer's status and how many bytes the app pulled."""
    pulled = 0
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        chunk = next(body, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        pulled += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    path_only, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path_only,
        "raw_path": path_only.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"testserver"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    asyncio.run(app(scope, receive, send))
    return status, pulled


@pytest.mark.parametrize(
    ("path", "header"), [("/login", FORM), ("/api/v1/cases", JSON), ("/api/v1/records", JSON)]
)
def test_a_lying_length_of_40_mb_is_refused_unread(
    app: FastAPI, client: TestClient, path: str, header: tuple[bytes, bytes]
) -> None:
    status, pulled = send_through(
        app, path, chunks(40 * MIB), [header, (b"content-length", str(40 * MIB).encode())]
    )
    assert status == 413
    assert pulled == 0


@pytest.mark.parametrize(
    ("path", "header", "limit"),
    [
        ("/login", FORM, FORM_OR_JSON),
        ("/api/v1/cases", JSON, FORM_OR_JSON),
        ("/api/v1/records", JSON, SUBMISSION),
    ],
)
def test_a_streamed_body_is_read_up_to_the_limit_only(
    app: FastAPI, client: TestClient, path: str, header: tuple[bytes, bytes], limit: int
) -> None:
    status, pulled = send_through(app, path, chunks(40 * MIB), [header])
    assert status == 413
    assert limit < pulled <= limit + CHUNK


def test_an_import_may_stream_more_than_a_form(
    app: FastAPI, client: TestClient, org_users: dict[str, Account]
) -> None:
    token = org_users["kz-investigator"].headers["Authorization"].encode()
    rows = (b"name,born\n" + b"Jumanbekov Erlan,1980\n" * (CHUNK // 21))[:CHUNK]
    status, pulled = send_through(
        app,
        "/api/v1/imports?filename=people.csv",
        iter([rows] * (3 * MIB // CHUNK)),
        [(b"authorization", token), (b"content-type", b"application/octet-stream")],
    )
    assert status == 201
    assert pulled == 3 * MIB

"""PostgreSQL restarted under load, behind a real ``amanat serve --workers 2``: while
it is down every request is answered 503 — a short JSON answer or page, no trace
and no server address — and once it is back the same service answers again, with
no restart of its own (``amanat.store.unreachable``).  Never a 500, never a dropped
connection, and every write answered 201 is in the register afterwards.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from tests.cli.test_readme_commands import serving, sign_in
from tests.service.served import (
    PASSWORD,
    START_SECONDS,
    Register,
    make_register,
    own_postgres,
    submission,
)

from amanat.register import Case
from amanat.store import unreachable
from amanat.store.engine import make_engine
from amanat.store.postgres import PostgresServer

pytestmark = pytest.mark.slow

THREADS = 4
UP_SECONDS = 3.0  # load before the restart
DOWN_SECONDS = 4.0  # how long the database is away
RECOVERY_SECONDS = 30.0  # for every kind of request to be served again


@dataclass(frozen=True)
class Answer:
    kind: str
    started: float
    ended: float
    status: int
    body: str


@pytest.fixture
def database(tmp_path: Path) -> Iterator[tuple[PostgresServer, Register]]:
    with own_postgres() as server:
        yield server, make_register(server.url, tmp_path)


class Load:
    """Threads reading, writing and opening a page until stopped, each answer kept."""

    def __init__(self, url: str, register: Register, cookies: httpx.Cookies) -> None:
        self.answers: list[Answer] = []
        self.written: list[str] = []
        self.stop = threading.Event()
        self.lock = threading.Lock()
        api = {"headers": register.headers, "timeout": 60}
        requests: dict[str, Callable[[int], httpx.Response]] = {
            "read": lambda n: httpx.get(f"{url}/api/v1/cases", **api),  # type: ignore[arg-type]
            "write": lambda n: httpx.post(  # type: ignore[misc]
                f"{url}/api/v1/records", json=submission(f"load-{n}"), **api
            ),
            "page": lambda n: httpx.get(f"{url}/", cookies=cookies, timeout=60),
        }
        self.requests = requests
        self.threads = [threading.Thread(target=self.run, args=(t,)) for t in range(THREADS)]
        self.sent = 0

    def run(self, thread: int) -> None:
        kinds = list(self.requests)
        n = thread * 1_000_000
        while not self.stop.is_set():
            n += 1
            kind = kinds[n % len(kinds)]
            started = time.monotonic()
            answer = self.requests[kind](n)
            with self.lock:
                self.answers.append(
                    Answer(kind, started, time.monotonic(), answer.status_code, answer.text)
                )
                if kind == "write" and answer.status_code == 201:
                    self.written.append(f"load-{n}")

    def __enter__(self) -> Load:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()


def test_requests_fail_cleanly_while_postgresql_restarts_and_succeed_after(
    database: tuple[PostgresServer, Register], tmp_path: Path
) -> None:
    server, register = database
    arguments = ["serve", "--database", register.url, "--workers", "2"]
    with serving(arguments, tmp_path, register.env, START_SECONDS) as served:
        with httpx.Client(base_url=served.url, follow_redirects=True, timeout=60) as browser:
            assert sign_in(browser, "ivan", PASSWORD).status_code == 200
            cookies = browser.cookies
        with Load(served.url, register, cookies) as load:
            time.sleep(UP_SECONDS)
            server.stop()
            down = time.monotonic()
            time.sleep(DOWN_SECONDS)
            back = time.monotonic()
            server.start()
            deadline = time.monotonic() + RECOVERY_SECONDS
            while not _served_again(load.answers, back):
                assert time.monotonic() < deadline, "not served again after the restart"
                time.sleep(0.5)
            time.sleep(1.0)
    answers = load.answers
    # Never a 500, never a refusal: served, or "unavailable" while the database was away.
    assert {a.status for a in answers} <= {200, 201, 503}
    assert all(a.status != 503 for a in answers if a.ended < down - 0.5)
    outage = [a for a in answers if a.started > down and a.ended < back]
    assert {a.kind for a in outage} == {"read", "write", "page"}
    assert {a.status for a in outage} == {503}
    for answer in [a for a in answers if a.status == 503]:
        assert "Traceback" not in answer.body and "127.0.0.1" not in answer.body
        if answer.kind == "page":
            assert "unavailable for a moment" in answer.body
        else:
            # The API's one answer for a database away or too slow (service.errors).
            assert json.loads(answer.body) == {"detail": unreachable.UNREACHABLE}
    engine = make_engine(register.url)
    try:
        with engine.connect() as db:
            titles = set(db.scalars(select(Case.title)))
    finally:
        engine.dispose()
    assert set(load.written) <= titles


def _served_again(answers: list[Answer], back: float) -> bool:
    """Each kind of request has been served since the database came back."""
    served = {a.kind for a in list(answers) if a.started > back and a.status in (200, 201)}
    return served == {"read", "write", "page"}

"""A worker of ``amanat serve --workers 2`` killed with SIGKILL in a burst of writes
leaves no partial record: a submission is written whole or not at all, every one
answered 201 is there whole, the audit trail verifies, and the server goes on
serving (uvicorn starts a new worker in place of the dead one).

The register is on PostgreSQL, as in production: a worker killed mid-transaction
drops its connection, and the server rolls that transaction back.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select, text
from tests.cli.test_readme_commands import amanat, serving
from tests.service.served import (
    START_SECONDS,
    Register,
    make_register,
    own_postgres,
    submission,
    workers,
)

from amanat.register import Case, CaseRole, Person
from amanat.register.person import PersonName
from amanat.store.engine import make_engine

pytestmark = pytest.mark.slow

THREADS = 6
BURST_SECONDS = 6.0  # before the kill, and again after it


@pytest.fixture
def register(tmp_path: Path) -> Iterator[Register]:
    with own_postgres() as server:
        yield make_register(server.url, tmp_path)


class Burst:
    """Threads posting submissions until stopped; what each answer was."""

    def __init__(self, url: str, register: Register) -> None:
        self.url, self.register = url, register
        self.acknowledged: dict[str, dict[str, int]] = {}  # marker → ids
        self.refused: list[str] = []  # an answer other than 201 or 503
        self.lost = 0  # no answer: the connection went down with the worker
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.post, args=(n,)) for n in range(THREADS)]

    def post(self, thread: int) -> None:
        sent = 0
        while not self.stop.is_set():
            marker = f"burst-{thread}-{sent}"
            sent += 1
            # A fresh connection each time, so that both workers take a share.
            try:
                answer = httpx.post(
                    f"{self.url}/api/v1/records",
                    json=submission(marker),
                    headers=self.register.headers,
                    timeout=60,
                )
            except httpx.TransportError:
                with self.lock:
                    self.lost += 1
                continue
            with self.lock:
                if answer.status_code == 201:
                    self.acknowledged[marker] = answer.json()["ids"]
                else:
                    self.refused.append(f"{answer.status_code} {answer.text[:200]}")

    def __enter__(self) -> Burst:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()


def test_a_worker_killed_in_a_burst_of_writes_leaves_no_partial_record(
    register: Register, tmp_path: Path
) -> None:
    arguments = ["serve", "--database", register.url, "--workers", "2"]
    with serving(arguments, tmp_path, register.env, START_SECONDS) as server:
        with Burst(server.url, register) as burst:
            time.sleep(BURST_SECONDS)
            before = workers(server.process.pid)
            assert len(before) == 2
            victim = max(before)
            os.kill(victim, signal.SIGKILL)
            killed_at = len(burst.acknowledged)
            time.sleep(BURST_SECONDS)
        assert burst.refused == []
        assert len(burst.acknowledged) > killed_at  # the other worker went on serving
        # uvicorn replaces the dead worker; then every request is served again.
        deadline = time.monotonic() + START_SECONDS
        while len(workers(server.process.pid) - {victim}) < 2:
            assert time.monotonic() < deadline, "the killed worker was not replaced"
            time.sleep(0.5)
        for n in range(6):
            answer = httpx.post(
                f"{server.url}/api/v1/records",
                json=submission(f"after-{n}"),
                headers=register.headers,
                timeout=60,
            )
            assert answer.status_code == 201, answer.text

    engine = make_engine(register.url)
    try:
        with engine.connect() as db:
            cases = dict(db.execute(select(Case.title, Case.id)).all())
            for marker, ids in burst.acknowledged.items():
                assert cases.get(marker) == ids["c"], marker
            # Whole: every case has its one role, every role its person with two names,
            # every person its role: nothing half-written, acknowledged or not.
            assert db.scalar(select(func.count()).select_from(CaseRole)) == len(cases)
            assert db.scalar(select(func.count()).select_from(Person)) == len(cases)
            assert db.scalar(select(func.count()).select_from(PersonName)) == 2 * len(cases)
            orphans = db.scalar(
                text(
                    "SELECT count(*) FROM case_role r LEFT JOIN person_name n "
                    "ON n.person_id = r.person_id WHERE n.id IS NULL"
                )
            )
            assert orphans == 0
    finally:
        engine.dispose()
    verified = amanat(
        "audit", "verify", "--database", register.url, folder=tmp_path, env=register.env
    )
    assert "Audit trail intact" in verified

"""The pages of issue 15's journeys, each as the role that uses it sees it.

Called by ``page_render.py --journeys``: every role's demo user (``amanat.demo.users``)
opens its start page and the pages of its daily work on a copy of a demo region;
each page's median server time through the whole stack (session, transaction,
audited reads, templates) is reported, in-process, without a network: of a first
view (the analyses kept a few minutes forgotten before each) and of a warm one.

A page that needs a record (a case, a person, a victim) takes the first of a few
candidates that answers 200 for that user, so the figures are of pages a user
really sees, never of a "not found" page.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any
from urllib.parse import parse_qsl

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine, func, select

from amanat.access.models import User
from amanat.actions.monitoring import cache as kept_views
from amanat.demo.users import create_demo_users
from amanat.register import Case, CaseRole, Person, PersonName, Victim
from amanat.store.engine import transaction

Pages = list[tuple[str, list[str]]]  # (label, candidate URLs: the first that answers 200)
CANDIDATES = 8
TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


def demo_users(engine: Engine) -> dict[str, tuple[int, int]]:
    """Role -> (user id, org id) of the demo user whose organisation holds the most
    records of the kind that role works on."""
    with transaction(engine) as session:
        create_demo_users(session)
    busiest: dict[str, Any] = {"case_worker": Victim, "investigator": Case, "prosecutor": Case}
    chosen: dict[str, tuple[int, int, int]] = {}  # role -> (held, user id, org id)
    with transaction(engine) as session:
        for user_id, org_id, role in session.execute(select(User.id, User.org_id, User.role)):
            model = busiest.get(role)
            held = 0
            if model is not None:
                held = session.scalar(select(func.count()).where(model.org_id == org_id)) or 0
            if role not in chosen or held > chosen[role][0]:
                chosen[role] = (held, user_id, org_id)
    return {role: (user_id, org_id) for role, (_, user_id, org_id) in chosen.items()}


def _ids(engine: Engine, query: Any) -> list[int]:
    with transaction(engine) as session:
        return [int(i) for i in session.scalars(query.limit(CANDIDATES))]


def _surname(engine: Engine, org_id: int) -> str:
    """A surname of an unprotected person the organisation holds (a search term)."""
    query = (
        select(PersonName.full_name)
        .join(Person, Person.id == PersonName.person_id)
        .where(Person.org_id == org_id, Person.is_protected.is_(False))
        .limit(1)
    )
    with transaction(engine) as session:
        name = session.scalar(query) or "Karimov"
    return name.split()[0]


def pages(engine: Engine, users: dict[str, tuple[int, int]]) -> dict[str, Pages]:
    def own(model: Any, role: str) -> list[int]:
        return _ids(engine, select(model.id).where(model.org_id == users[role][1]))

    investigator_cases = own(Case, "investigator")
    people = _ids(
        engine,
        select(CaseRole.person_id).where(CaseRole.case_id.in_(investigator_cases or [0])),
    )
    victims = own(Victim, "case_worker")
    term = _surname(engine, users["investigator"][1])
    found: dict[str, Pages] = {
        "investigator": [
            ("start", ["/"]),
            ("search", [f"/search?q={term}"]),
            ("search: found", [f"POST /search?q={term}"]),
            ("case", [f"/cases/{i}" for i in investigator_cases]),
            ("attach a person", [f"/cases/{i}/people/new?q={term}" for i in investigator_cases]),
            ("person", [f"/people/{i}" for i in people]),
            ("network", [f"/monitor/networks/graph?around=person:{i}" for i in people]),
            ("inbox", ["/inbox"]),
        ],
        "case_worker": [
            ("start", ["/"]),
            ("caseload", ["/caseload"]),
            ("victim", [f"/victims/{i}" for i in victims]),
            ("refer", [f"/victims/{i}/referrals/new" for i in victims]),
            ("referrals", ["/referrals"]),
            ("services", ["/services"]),
            ("inbox", ["/inbox"]),
        ],
        "analyst": [
            ("start", ["/"]),
            ("search", [f"/search?q={term}"]),
            ("search: found", [f"POST /search?q={term}"]),
            ("person", [f"/people/{i}" for i in people]),
            ("review queue", ["/review"]),
            ("networks", ["/monitor/networks"]),
        ],
        "prosecutor": [
            ("start", ["/"]),
            ("case", [f"/cases/{i}" for i in own(Case, "prosecutor")]),
        ],
        "statistics_officer": [
            ("start", ["/"]),
            ("statistics", ["/monitor/statistics"]),
            ("pipeline", ["/monitor/pipeline"]),
            ("flows", ["/monitor/flows"]),
        ],
        "auditor": [
            ("start", ["/"]),
            ("audit", ["/audit"]),
            ("alerts", ["/audit/alerts"]),
            ("emergency requests", ["/break-glass/review"]),
        ],
        "administrator": [
            ("start", ["/"]),
            ("users", ["/admin/users"]),
            ("tokens", ["/admin/tokens"]),
            ("approvals", ["/account/approvals"]),
            ("sharing groups", ["/sharing"]),
        ],
    }
    return {role: listed for role, listed in found.items() if role in users}


def _timed(run: Callable[[], object], repeats: int, first: bool) -> tuple[float, float]:
    """The medians of ``repeats`` views, in ms of the clock and of the process's CPU
    (which a shared, loaded machine inflates less); ``first``: each the first since
    the analyses kept a few minutes (``actions.monitoring.cache``) were forgotten."""
    for _ in range(2):
        run()  # warm: templates compiled, caches filled
    times, cpu = [], []
    for _ in range(repeats):
        if first:
            kept_views.clear()
        start, used = time.perf_counter(), time.process_time()
        run()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    return statistics.median(times), statistics.median(cpu)


def _request(client: TestClient, url: str) -> Callable[[], Response]:
    """A GET, or for "POST /path?q=term" the form of /path posted with its token and a
    purpose (the search)."""
    if not url.startswith("POST "):
        return partial(client.get, url)
    path, _, query = url.removeprefix("POST ").partition("?")
    token = TOKEN.search(client.get(path).text)
    form = {
        **dict(parse_qsl(query)),
        "purpose": "benchmark",
        "form_token": token[1] if token else "",
    }
    return partial(client.post, path, data=form)


def measure(
    client: TestClient, cookie: Callable[[int], tuple[str, str]], engine: Engine, repeats: int
) -> Iterator[dict[str, Any]]:
    """One row per page: role, page, URL, status, median ms (clock and CPU) of a first
    and a warm view."""
    users = demo_users(engine)
    for role, listed in pages(engine, users).items():
        name, value = cookie(users[role][0])
        client.cookies.clear()
        client.cookies.set(name, value)
        for label, candidates in listed:
            url = next((u for u in candidates if _request(client, u)().status_code == 200), None)
            if url is None:
                yield {"role": role, "page": label, "url": candidates[:1], "status": "not 200"}
                continue
            first, first_cpu = _timed(_request(client, url), repeats, first=True)
            warm, warm_cpu = _timed(_request(client, url), repeats, first=False)
            yield {
                "role": role,
                "page": label,
                "url": url,
                "first_ms": round(first, 2),
                "median_ms": round(warm, 2),
                "first_cpu_ms": round(first_cpu, 2),
                "cpu_ms": round(warm_cpu, 2),
            }

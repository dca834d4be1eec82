"""The record pages, forms, search, start page, caseload and referrals go through the
door: every route is bound to the actions it calls, and a tour of them as each
kind of user runs no action a route is not bound to."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextvars import ContextVar
from importlib import import_module
from typing import Any

import pytest
from fastapi.routing import APIRoute
from starlette.routing import Match
from starlette.types import ASGIApp, Receive, Scope, Send
from tests.service.web.conftest import (
    MARKING,
    Web,
    add_suspect,
    form_token,
    open_case,
    register_victim,
    submit,
)

from amanat.actions.door import Declaration, bound_to, observing

MODULES = frozenset(
    f"amanat.service.web.{name}"
    for name in (
        "dashboard",
        "search",
        "record_pages",
        "record_edit",
        "identity",
        "case_forms",
        "event_forms",
        "victim_forms",
        "seizure_forms",
        "source_forms",
        "link_forms",
        "caseload",
    )
)
REQUEST: ContextVar[tuple[str, str] | None] = ContextVar("request", default=None)


class Marked:
    """Marks the request being served, so the door's observer knows whose it is (the
    handler's thread gets a copy of the request's context)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            REQUEST.set((scope["method"], scope["path"]))
        await self.app(scope, receive, send)


def _routes(web: Web) -> list[APIRoute]:
    """The routes of the modules above (the app holds each module's router)."""
    found = [import_module(name).router.routes for name in sorted(MODULES)]
    return [route for routes in found for route in routes if isinstance(route, APIRoute)]


def _route(web: Web, method: str, path: str) -> APIRoute:
    scope = {"type": "http", "method": method, "path": path, "root_path": ""}
    for route in _routes(web):
        match, _ = route.matches(scope)
        if match is Match.FULL:
            return route
    raise AssertionError(f"no record page serves {method} {path}")


@pytest.fixture
def watched(web: Web) -> Iterator[list[tuple[tuple[str, str] | None, str]]]:
    web.app.add_middleware(Marked)
    seen: list[tuple[tuple[str, str] | None, str]] = []

    def note(declaration: Declaration) -> None:
        seen.append((REQUEST.get(), declaration.name))

    with observing(note):
        yield seen


def test_every_route_is_bound_to_an_action(web: Web) -> None:
    routes = _routes(web)
    assert len(routes) > 40
    unbound = [f"{sorted(r.methods)} {r.path}" for r in routes if not bound_to(r.endpoint)]
    assert unbound == []


def _tour(web: Web) -> None:
    police, ngo, shelter = web.client("police"), web.client("ngo"), web.client("shelter")
    case_id = open_case(police)
    suspect = add_suspect(police, case_id)
    event = {**MARKING, "stage": "charged", "occurred_on": "2024-04-05", "article": "128"}
    submit(police, f"/cases/{case_id}/events/new", {**event, "person_id": str(suspect)})
    submit(web.client("prosecutor"), f"/cases/{case_id}/events/new", event)
    page = police.get(f"/cases/{case_id}/edit")
    police.post(
        f"/cases/{case_id}/edit",
        data={"form_token": form_token(page.text), "version": "2", "title": "Changed"},
    )
    police.get(f"/cases/{case_id}/delete")
    police.get(f"/people/{suspect}/links/new?q=Jumanbekov")
    search = police.get("/search")
    police.post("/search", data={"form_token": form_token(search.text), "q": "x", "purpose": "y"})
    submit(police, "/seizures/new", {**MARKING, "seized_on": "2024-05-01", "country": "KZ"})
    submit(police, "/weapons/new", {**MARKING, "weapon_type": "pistol"})
    form = police.get("/sources/new")
    upload = police.post(
        "/sources/new",
        data={"form_token": form_token(form.text), **MARKING, "title": "Decision"},
        files={"file": ("d.pdf", io.BytesIO(b"%PDF"), "application/pdf")},
        follow_redirects=False,
    )
    source = upload.headers["location"]
    police.get(source)
    police.get(f"{source}/file")
    victim_id = register_victim(
        ngo, case_id=str(case_id), referral_kind="shelter", referral_provider="4"
    )
    page = ngo.get(f"/victims/{victim_id}")
    ngo.post(
        f"/victims/{victim_id}/identity",
        data={"form_token": form_token(page.text), "purpose": "assistance"},
    )
    version = re.search(r'name="version" value="(\d+)"', ngo.get(f"/victims/{victim_id}").text)
    submit(
        ngo,
        f"/victims/{victim_id}/referrals/new",
        {"referral_kind": "legal", "version": version.group(1) if version else "1"},
    )
    ngo.get("/caseload")
    listed = shelter.get("/referrals").text
    answer = re.search(r'action="/referrals/(\d+)/status"', listed)
    assert answer, "the shelter has no referral to answer"
    shelter.post(
        f"/referrals/{answer.group(1)}/status",
        data={"form_token": form_token(listed), "status": "accepted", "seen": "referred"},
    )
    police.get(f"/cases/{case_id}")
    for username in ("police", "ngo", "stats", "auditor", "admin"):
        web.client(username).get("/")


def test_a_tour_runs_only_the_actions_each_route_is_bound_to(
    web: Web, watched: list[tuple[Any, str]]
) -> None:
    _tour(web)
    ran: dict[tuple[str, str], set[str]] = {}
    for request, name in watched:
        assert request is not None, f"{name} ran outside a request"
        ran.setdefault(request, set()).add(name)
    strays = {
        f"{method} {path}": sorted(names - set(bound_to(_route(web, method, path).endpoint)))
        for (method, path), names in ran.items()
    }
    assert {where: names for where, names in strays.items() if names} == {}
    # The tour reached the pages it is about.
    kinds = {(method, _route(web, method, path).path) for method, path in ran}
    assert len(kinds) >= 25, sorted(kinds)

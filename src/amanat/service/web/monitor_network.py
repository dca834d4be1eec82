"""Networks in the web app: the largest networks with their brokers, key players,
facilitators and officials; the cross-type overlap; and an interactive graph of
one neighbourhood.

The graph page draws with the vendored Cytoscape.js (canvas, WebGL where the
browser has it).  Positions are computed here (``analyze.network.view``), so the
browser runs no physics and a 5,000-node neighbourhood pans and zooms smoothly.
Victims and witnesses are never nodes, and protected people are never named.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, RedirectResponse, Response

from amanat.analyze.network.analysis import analyse_networks
from amanat.analyze.network.canonical import load_canonical
from amanat.analyze.network.graph import KINDS, RegisterGraph, load_graph
from amanat.analyze.network.overlap import cross_type
from amanat.analyze.network.view import LIMIT, neighbourhood, view_json
from amanat.service.web import titles
from amanat.service.web.monitor import (
    NETWORK_ROLES,
    audited,
    base_context,
    engine_of,
    filters,
    monitor,
)
from amanat.service.web.page import Page, SignedIn

router = APIRouter(include_in_schema=False)
TOP = 20
OVERLAP_SHOWN = 50
SMALLEST = 50  # the least a user may ask to draw


def _vertex(graph: RegisterGraph, key: str | None) -> int | None:
    kind, _, number = (key or "").partition(":")
    if kind not in KINDS or not number.isdigit():
        return None
    return graph.vertex(kind, int(number))


def _limit(page: Page) -> int:
    text = page.request.query_params.get("limit", "")
    return max(SMALLEST, min(LIMIT, int(text))) if text.isdigit() else LIMIT


@router.get("/monitor/networks")
def networks(page: SignedIn) -> Response:
    scope = monitor(page, *NETWORK_ROLES)
    engine = engine_of(page)
    analysis = analyse_networks(engine, scope, top=TOP)
    overlap = cross_type(engine, scope, analysis)
    context = {
        **base_context(page, scope, "networks"),
        "analysis": analysis,
        "overlap": overlap[:OVERLAP_SHOWN],
        "overlap_count": len(overlap),
    }
    audited(page, scope, "network", len(analysis.networks) + len(overlap))
    return page.render("monitor_networks.html", context)


@router.get("/monitor/networks/graph")
def graph_page(page: SignedIn) -> Response:
    scope = monitor(page, *NETWORK_ROLES)
    around = page.request.query_params.get("around")
    if not around:
        # No centre asked for: the top broker of the largest network in scope.
        analysis = analyse_networks(engine_of(page), scope, top=1)
        first = analysis.networks[0] if analysis.networks else None
        if first is not None and first.brokers:
            query = filters(page).query(around=first.brokers[0].key)
            return RedirectResponse(f"/monitor/networks/graph?{query}", status_code=303)
    context: dict[str, Any] = {
        **base_context(page, scope, "networks"),
        "around": around or "",
        "hide_filters": True,  # the graph spans everything the user may see
        "limit": _limit(page),
        "kinds": KINDS,
        "record_paths": {kind: (titles.record_url(kind, 0) or "")[:-1] for kind in KINDS},
    }
    return page.render("monitor_graph.html", context)


@router.get("/monitor/networks/graph.json")
def graph_json(page: SignedIn) -> Response:
    """The neighbourhood of ``around`` (``kind:id``), laid out, for the graph page."""
    scope = monitor(page, *NETWORK_ROLES)
    engine = engine_of(page)
    graph = load_graph(engine, scope, load_canonical(engine, scope.viewer))
    vertex = _vertex(graph, page.request.query_params.get("around"))
    if vertex is None:
        message = page._("No node you may see has this key; give kind:id, e.g. person:17.")
        return JSONResponse({"error": message}, status_code=404)
    found = neighbourhood(graph, vertex, _limit(page))
    payload = view_json(engine, scope, graph, found)
    audited(page, scope, "network.neighbourhood", len(found.vertices))
    return JSONResponse(payload)

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

from amanat.actions.door import binds
from amanat.actions.errors import NotFound
from amanat.actions.monitoring import analyses, networks
from amanat.analyze.network.graph import KINDS
from amanat.analyze.network.view import LIMIT
from amanat.service.web import titles
from amanat.service.web.monitor import asked, base_context, filters
from amanat.service.web.page import Page, SignedIn

router = APIRouter(include_in_schema=False)
OVERLAP_SHOWN = 50
SMALLEST = 50  # the least a user may ask to draw
TOP = 20


def _limit(page: Page) -> int:
    text = page.request.query_params.get("limit", "")
    return max(SMALLEST, min(LIMIT, int(text))) if text.isdigit() else LIMIT


@router.get("/monitor/networks")
@binds(networks.networks)
def networks_page(page: SignedIn) -> Response:
    found = networks.networks(page.ctx, asked(page), TOP)
    context = {
        **base_context(page, found.scope, "networks"),
        "analysis": found.analysis,
        "overlap": found.overlap[:OVERLAP_SHOWN],
        "overlap_count": len(found.overlap),
    }
    return page.render("monitor_networks.html", context)


@router.get("/monitor/networks/graph")
@binds(analyses.overview, networks.networks)
def graph_page(page: SignedIn) -> Response:
    scope = analyses.overview(page.ctx, asked(page))
    around = page.request.query_params.get("around")
    if not around:
        # No centre asked for: the top broker of the largest network in scope.
        first = next(iter(networks.networks(page.ctx, asked(page), 1).analysis.networks), None)
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
@binds(networks.around)
def graph_json(page: SignedIn) -> Response:
    """The neighbourhood of ``around`` (``kind:id``), laid out, for the graph page."""
    key = page.request.query_params.get("around") or ""
    try:
        drawn = networks.around(page.ctx, asked(page), key, _limit(page))
    except NotFound:
        message = page._("No node you may see has this key; give kind:id, e.g. person:17.")
        return JSONResponse({"error": message}, status_code=404)
    return JSONResponse(drawn.view)

"""Networks in the web app: the largest networks with their brokers, key players,
facilitators and officials; the cross-type overlap; and an interactive graph of
one neighbourhood, which may be downloaded as GraphML (the picture itself as PNG is
the browser's, from the canvas it draws).

The graph page draws with the vendored Cytoscape.js (canvas, WebGL where the
browser has it).  Positions are computed here (``analyze.network.view``), so the
browser runs no physics and a 5,000-node neighbourhood pans and zooms smoothly.
Victims and witnesses are never nodes, and protected people are never named.

The centre is typed as a name in any script (people through ``person.search``,
groups and case numbers through ``record.search``), or given as ``kind:id`` by the
links of the other pages ("Show in network" on a record's page).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, RedirectResponse, Response

from amanat.actions import record_search
from amanat.actions.door import allowed, binds
from amanat.actions.errors import FieldProblem, NotFound
from amanat.actions.monitoring import analyses, networks
from amanat.actions.people.search import search_people
from amanat.analyze.network import node_words
from amanat.analyze.network.graph import KINDS
from amanat.analyze.network.view import LIMIT
from amanat.service.web import network_words, titles
from amanat.service.web.monitor import asked, base_context, filters
from amanat.service.web.page import Page, SignedIn

router = APIRouter(include_in_schema=False)
OVERLAP_SHOWN = 50
SMALLEST = 50  # the least a user may ask to draw
TOP = 20
CHOICES = 10
# Kept in the audit trail with each person found (the name typed is not kept).
CENTRE_PURPOSE = "Centre the network graph on a name"


def _limit(page: Page) -> int:
    text = page.request.query_params.get("limit", "")
    return max(SMALLEST, min(LIMIT, int(text))) if text.isdigit() else LIMIT


@dataclass(frozen=True)
class Choice:
    """A record a typed name found, to centre the graph on."""

    key: str
    label: str
    kind: str


def _choices(page: SignedIn, text: str) -> list[Choice]:
    """People (any script), groups and cases matching ``text``, best first."""
    try:
        people = search_people(page.ctx, text, CENTRE_PURPOSE, limit=CHOICES)
        others = record_search.search(page.ctx, text, CENTRE_PURPOSE)
    except FieldProblem:
        return []
    found = [Choice(f"person:{h.person_id}", h.display_name, "person") for h in people]
    found += [Choice(f"group:{g.id}", str(g.name), "group") for g in others["group"]]
    found += [
        Choice(f"case:{c.id}", str(c.case_number or c.title or c.id), "case")
        for c in others["case"]
    ]
    return found[:CHOICES]


@router.get("/monitor/networks")
@binds(networks.networks, analyses.countries)
def networks_page(page: SignedIn) -> Response:
    found = networks.networks(page.ctx, asked(page), TOP)
    context = {
        **base_context(page, found.scope, "networks", found),
        "analysis": found.analysis,
        "overlap": found.overlap[:OVERLAP_SHOWN],
        "overlap_count": len(found.overlap),
        "basis": network_words.basis(page._, found.analysis.basis),
        "node_label": lambda key, label: node_words.node_label(page._, key, label),
    }
    return page.render("monitor_networks.html", context)


def _graph_url(page: Page, key: str) -> str:
    extra = {"around": key, "limit": page.request.query_params.get("limit", "")}
    return f"/monitor/networks/graph?{filters(page).query(**extra)}"


@router.get("/monitor/networks/graph")
@binds(
    analyses.overview, analyses.countries, networks.networks, search_people, record_search.search
)
def graph_page(page: SignedIn) -> Response:
    scope = analyses.overview(page.ctx, asked(page))
    typed = (page.request.query_params.get("around") or "").strip()
    if not typed:
        # No centre asked for: the top broker of the largest network in scope.
        first = next(iter(networks.networks(page.ctx, asked(page), 1).analysis.networks), None)
        if first is not None and first.brokers:
            return RedirectResponse(_graph_url(page, first.brokers[0].key), status_code=303)
    choices: list[Choice] = []
    if typed and networks.parse_key(typed) is None:
        choices = _choices(page, typed)
        if len(choices) == 1:
            return RedirectResponse(_graph_url(page, choices[0].key), status_code=303)
    around = typed if networks.parse_key(typed) else ""
    chosen = filters(page)
    context: dict[str, Any] = {
        **base_context(page, scope, "networks"),
        "typed": typed,
        "around": around,
        "choices": choices,
        "hide_filters": True,  # the graph page has its own
        "limit": _limit(page),
        "kinds": KINDS,
        "record_paths": {kind: (titles.record_url(kind, 0) or "")[:-1] for kind in KINDS},
        "data_query": chosen.query(around=around, limit=str(_limit(page))),
        "expand_query": chosen.query(limit="300"),
        "graphml_allowed": allowed(page.ctx, networks.export_network),
        "kind_names": {kind: node_words.kind_name(page._, kind) for kind in KINDS},
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
        message = page._("Nothing you may see is recorded under this name or key.")
        return JSONResponse({"error": message}, status_code=404)
    return JSONResponse(network_words.plain_view(page._, drawn.view))


@router.get("/monitor/networks/graph.graphml")
@binds(networks.around, networks.export_network)
def graph_graphml(page: SignedIn) -> Response:
    """The neighbourhood drawn, as GraphML for graph tools (Gephi, yEd, Cytoscape)."""
    key = page.request.query_params.get("around") or ""
    drawn = networks.around(page.ctx, asked(page), key, _limit(page))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "network.graphml"
        vertices = drawn.found.vertices
        networks.export_network(page.ctx, asked(page), drawn.graph, vertices, "graphml", path)
        body = path.read_bytes()
    name = f"network-{key.replace(':', '-')}.graphml"
    return Response(
        body,
        media_type="application/graphml+xml",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )

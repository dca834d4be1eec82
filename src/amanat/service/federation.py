"""``GET /federation/v1/feed?after=SEQ&limit=N``: this node's feed, pulled by a pinned
peer (``amanat federation pull``), answered with one signed bundle.

The peer signs its request with its node key (``federation.requests``); anything
else gets the same 404 as a path no route has, so the feed says nothing to whoever
is not a peer.  The bundle is signed with this node's key (``AMANAT_NODE_KEY_FILE``);
without one the feed is not served at all.
"""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response

from amanat.access.audit import load_private_key
from amanat.actions import federation
from amanat.actions.actor import Actor, Credential
from amanat.actions.door import binds
from amanat.federation.requests import FEED_PATH, PAGE, requesting_peer
from amanat.service.deps import SessionDep, door_context

router = APIRouter(tags=["federation"], include_in_schema=False)
ABSENT = HTTPException(status_code=404, detail="Not Found")
PEER = Actor(Credential.peer_node)


@router.get(FEED_PATH)
@binds(federation.feed)
def feed(
    request: Request,
    session: SessionDep,
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=PAGE)] = PAGE,
) -> Response:
    path = request.app.state.settings.node_key_file
    if path is None:
        raise ABSENT
    peer = requesting_peer(session, request.headers, after, limit, int(time.time()))
    if peer is None:
        raise ABSENT
    key = load_private_key(path, "node key")
    sent = federation.feed(door_context(request, session, PEER), peer, after, key, limit)
    return Response(sent.data, media_type="application/json")

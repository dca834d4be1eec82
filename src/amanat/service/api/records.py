"""List, read, create, update, delete, links and distribution for every kind of record.

One factory makes the routes of each kind, with the kind's own generated bodies
(``CaseCreate``, ``CasePublic`` ...), so the API docs are as specific as hand-written
routes while the rules — visibility, audit, originator control, optimistic locking —
live in one place (``amanat.actions.records.reading``) instead of fourteen copies.  Routes
that only some kinds have (people search, identities) are in their own modules.
"""

# No `from __future__ import annotations`: FastAPI reads the annotations of the route
# functions made inside the factory, where the names are local.
from collections.abc import Callable
from enum import Enum
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel

from amanat.actions import records
from amanat.actions.door import binds
from amanat.actions.records.kind_columns import has_kind, own_kind_key
from amanat.actions.records.kinds import RECORD_API_KINDS, Kind
from amanat.actions.records.links import link_kind
from amanat.service.api.answers import READ, WRITE, json_answer
from amanat.service.deps import ApiDoor, committed
from amanat.service.schemas.common import DeleteRequest, LinkList, Links
from amanat.service.schemas.public import publish, publish_one
from amanat.service.schemas.records import (
    create_schema,
    filters_schema,
    page_schema,
    public_schema,
    update_schema,
)
from amanat.service.schemas.sharing import DistributionChange

RecordId = Annotated[int, Path(ge=1, le=2**63 - 1)]
PurposeQuery = Annotated[
    str | None, Query(max_length=500, description="Why you read: kept in the audit trail.")
]


F = TypeVar("F", bound=Callable[..., Any])


def _typed(function: F, **annotations: Any) -> F:
    """Give a route function the kind's generated body types, which FastAPI reads
    from its annotations (the type checker sees ``BaseModel``)."""
    function.__annotations__.update(annotations)
    return function


def add_record_routes(router: APIRouter, kind: Kind) -> None:
    """The routes of one kind, on the one router of all kinds: FastAPI matches a
    flat list of routes faster than nested routers, and this runs on every request."""
    model = kind.model
    base = f"/{kind.path}"
    tags: list[str | Enum] = [kind.title]
    name, title = kind.name, kind.title.lower()
    public = public_schema(model)
    page_model = page_schema(model)

    @binds(records.list_records)
    def list_records(door: ApiDoor, query: BaseModel) -> Any:
        given = query.model_dump(exclude_none=True, exclude={"cursor", "limit", "purpose"})
        cursor, limit, purpose = (getattr(query, key) for key in ("cursor", "limit", "purpose"))
        page = records.list_records(door, name, given, cursor, limit, purpose=purpose)
        answer = {"items": publish(door.session, page.items), "next_cursor": page.next_cursor}
        return json_answer(page_model, committed(door, answer))

    router.get(
        base, response_model=page_model, responses=READ, tags=tags, summary=f"List {title}s"
    )(_typed(list_records, query=Annotated[filters_schema(model), Query()]))

    @binds(records.create_records)
    def create_record(door: ApiDoor, body: BaseModel) -> Any:
        data = body.model_dump(mode="json", exclude_unset=True)
        if has_kind(model) and "kind" in data:
            data[own_kind_key(name)] = data.pop("kind")
        ids = records.create_records(door, [{**data, "kind": name}], loc=("body",), single=True)
        answer = publish_one(door.session, door.session.get(model, ids["#0"]))
        return json_answer(public, committed(door, answer), status_code=201)

    router.post(
        base,
        tags=tags,
        response_model=public,
        status_code=201,
        responses=WRITE,
        summary=f"Create a {title}",
    )(_typed(create_record, body=create_schema(model)))

    @router.get(
        f"{base}/{{record_id}}",
        tags=tags,
        response_model=public,
        responses=READ,
        summary=f"Read a {title}",
    )
    @binds(records.get_record)
    def read_one(door: ApiDoor, record_id: RecordId, purpose: PurposeQuery = None) -> Any:
        record = records.get_record(door, name, record_id, purpose)
        return json_answer(public, committed(door, publish_one(door.session, record)))

    @binds(records.update_record)
    def update_record(door: ApiDoor, record_id: RecordId, body: BaseModel) -> Any:
        changes = body.model_dump(mode="json", exclude_unset=True)
        version = changes.pop("version")
        record = records.update_record(door, name, record_id, changes, version)
        return json_answer(public, committed(door, publish_one(door.session, record)))

    router.patch(
        f"{base}/{{record_id}}",
        tags=tags,
        response_model=public,
        responses=WRITE,
        summary=f"Update a {title}",
    )(_typed(update_record, body=update_schema(model)))

    @router.delete(
        f"{base}/{{record_id}}",
        tags=tags,
        status_code=204,
        responses=WRITE,
        summary=f"Delete a {title} (soft)",
    )
    @binds(records.delete_record)
    def delete_record(door: ApiDoor, record_id: RecordId, body: DeleteRequest) -> Response:
        records.delete_record(door, name, record_id, body.reason, body.version)
        return committed(door, Response(status_code=204))

    @router.get(
        f"{base}/{{record_id}}/links",
        tags=tags,
        response_model=Links,
        responses=READ,
        summary=f"Links of a {title}",
    )
    @binds(records.links_of)
    def links(door: ApiDoor, record_id: RecordId) -> Links:
        found = records.links_of(door, name, record_id)
        answer = Links(
            kind=name,
            id=record_id,
            links={
                link: LinkList(kind=link_kind(name, link), items=publish(door.session, rows))
                for link, rows in found.items()
            },
        )
        return committed(door, answer)

    @router.put(
        f"{base}/{{record_id}}/distribution",
        tags=tags,
        response_model=public,
        responses=WRITE,
        summary=f"Change who a {title} reaches (originator only)",
    )
    @binds(records.set_distribution)
    def set_distribution(door: ApiDoor, record_id: RecordId, body: DistributionChange) -> Any:
        record = records.set_distribution(
            door, name, record_id, str(body.distribution), body.group, body.version
        )
        return json_answer(public, committed(door, publish_one(door.session, record)))


router = APIRouter()
for _kind in RECORD_API_KINDS:
    add_record_routes(router, _kind)

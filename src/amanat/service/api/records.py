"""List, read, create, update, delete, links and distribution for every kind of record.

One factory makes the routes of each kind, with the kind's own generated bodies
(``CaseCreate``, ``CasePublic`` ...), so the API docs are as specific as hand-written
routes while the rules — visibility, audit, originator control, optimistic locking —
live in one place (``amanat.service.records``) instead of fourteen copies.  Routes
that only some kinds have (people search, identities) are in their own modules.
"""

# No `from __future__ import annotations`: FastAPI reads the annotations of the route
# functions made inside the factory, where the names are local.
from collections.abc import Callable
from enum import Enum
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel
from sqlalchemy.orm.exc import StaleDataError

from amanat.access import sharing
from amanat.access.roles import Action
from amanat.service import records
from amanat.service.api.answers import READ, WRITE, json_answer
from amanat.service.changes import audit_change
from amanat.service.deps import ApiCaller, ApiSessionDep, committed
from amanat.service.kind_columns import has_kind, own_kind_key
from amanat.service.kinds import RECORD_API_KINDS, Kind
from amanat.service.links import link_kind
from amanat.service.master_key import app_master_key
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

    def list_records(session: ApiSessionDep, caller: ApiCaller, query: BaseModel) -> Any:
        given = query.model_dump(exclude_none=True, exclude={"cursor", "limit", "purpose"})
        cursor, limit, purpose = (getattr(query, key) for key in ("cursor", "limit", "purpose"))
        page = records.list_records(session, caller, name, given, cursor, limit, purpose=purpose)
        answer = {"items": publish(session, page.items), "next_cursor": page.next_cursor}
        return json_answer(page_model, committed(session, answer))

    router.get(
        base, response_model=page_model, responses=READ, tags=tags, summary=f"List {title}s"
    )(_typed(list_records, query=Annotated[filters_schema(model), Query()]))

    def create_record(
        request: Request, session: ApiSessionDep, caller: ApiCaller, body: BaseModel
    ) -> Any:
        data = body.model_dump(mode="json", exclude_unset=True)
        if has_kind(model) and "kind" in data:
            data[own_kind_key(name)] = data.pop("kind")
        master = app_master_key(request.app)
        ids = records.create_records(
            session, caller, [{**data, "kind": name}], master=master, loc=("body",), single=True
        )
        answer = publish_one(session, session.get(model, ids["#0"]))
        return json_answer(public, committed(session, answer), status_code=201)

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
    def read_one(
        session: ApiSessionDep,
        caller: ApiCaller,
        record_id: RecordId,
        purpose: PurposeQuery = None,
    ) -> Any:
        record = records.get_record(session, caller, name, record_id, purpose)
        return json_answer(public, committed(session, publish_one(session, record)))

    def update_record(
        session: ApiSessionDep, caller: ApiCaller, record_id: RecordId, body: BaseModel
    ) -> Any:
        changes = body.model_dump(mode="json", exclude_unset=True)
        version = changes.pop("version")
        record = records.update_record(session, caller, name, record_id, changes, version)
        return json_answer(public, committed(session, publish_one(session, record)))

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
    def delete_record(
        session: ApiSessionDep, caller: ApiCaller, record_id: RecordId, body: DeleteRequest
    ) -> Response:
        records.delete_record(session, caller, name, record_id, body.reason, body.version)
        return committed(session, Response(status_code=204))

    @router.get(
        f"{base}/{{record_id}}/links",
        tags=tags,
        response_model=Links,
        responses=READ,
        summary=f"Links of a {title}",
    )
    def links(session: ApiSessionDep, caller: ApiCaller, record_id: RecordId) -> Links:
        found = records.links_of(session, caller, name, record_id)
        answer = Links(
            kind=name,
            id=record_id,
            links={
                link: LinkList(kind=link_kind(name, link), items=publish(session, rows))
                for link, rows in found.items()
            },
        )
        return committed(session, answer)

    @router.put(
        f"{base}/{{record_id}}/distribution",
        tags=tags,
        response_model=public,
        responses=WRITE,
        summary=f"Change who a {title} reaches (originator only)",
    )
    def set_distribution(
        session: ApiSessionDep, caller: ApiCaller, record_id: RecordId, body: DistributionChange
    ) -> Any:
        caller.require(Action.share, f"{name} {record_id}")
        record = sharing.visible_record(session, caller.viewer, name, record_id)
        if body.version is not None and body.version != record.version:
            raise StaleDataError(f"{name} {record_id} is at version {record.version}")
        sharing.set_distribution(
            session, caller.viewer, name, record_id, str(body.distribution), body.group
        )
        session.flush()
        audit_change(
            session, caller.viewer, "distribution", name, record, distribution=record.distribution
        )
        return json_answer(public, committed(session, publish_one(session, record)))


router = APIRouter()
for _kind in RECORD_API_KINDS:
    add_record_routes(router, _kind)

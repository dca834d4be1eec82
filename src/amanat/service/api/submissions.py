"""Several records in one request, written all or nothing (the submission format)."""

from __future__ import annotations

from fastapi import APIRouter

from amanat.actions import records
from amanat.actions.door import binds
from amanat.service.api.answers import WRITE
from amanat.service.deps import ApiDoor, committed
from amanat.service.schemas.common import Created, Submission

router = APIRouter(tags=["Submission"])


@router.post("/records", response_model=Created, status_code=201, responses=WRITE)
@binds(records.create_records)
def submit(door: ApiDoor, body: Submission) -> Created:
    """Records of any kinds, with nested child lists and ``"@ref"`` references between
    them; the same document ``amanat submit`` reads.  Any error writes nothing and
    names the record and field (``["body", "records", 2, "opened_on"]``)."""
    defaults = body.defaults.model_dump(mode="json", exclude_none=True) if body.defaults else {}
    ids = records.create_records(door, body.records, defaults)
    return committed(door, Created(ids=ids))

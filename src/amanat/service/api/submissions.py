"""Several records in one request, written all or nothing (the submission format)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from amanat.service import records
from amanat.service.api.answers import WRITE
from amanat.service.deps import ApiCaller, ApiSessionDep, committed
from amanat.service.master_key import app_master_key
from amanat.service.schemas.common import Created, Submission

router = APIRouter(tags=["Submission"])


@router.post("/records", response_model=Created, status_code=201, responses=WRITE)
def submit(
    request: Request, session: ApiSessionDep, caller: ApiCaller, body: Submission
) -> Created:
    """Records of any kinds, with nested child lists and ``"@ref"`` references between
    them; the same document ``amanat submit`` reads.  Any error writes nothing and
    names the record and field (``["body", "records", 2, "opened_on"]``)."""
    defaults = body.defaults.model_dump(mode="json", exclude_none=True) if body.defaults else {}
    master = app_master_key(request.app)
    ids = records.create_records(session, caller, body.records, defaults, master=master)
    return committed(session, Created(ids=ids))

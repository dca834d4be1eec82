"""A report's text and its candidates' details, sealed with the organisation's data
key (as a source document's file is): they quote the report, which may name a victim."""

from __future__ import annotations

import json
from typing import Any

from amanat.access.identity_vault import opening_key, sealing_key
from amanat.access.vault import field_context, open_sealed, seal
from amanat.actions.door import Context
from amanat.actions.errors import FieldProblem
from amanat.language.i18n import N_


def _master(ctx: Context) -> Any:
    if ctx.master_key is None:
        raise FieldProblem(("file",), N_("cannot be kept: the vault has no master key"), None)
    return ctx.master_key


def seal_text(ctx: Context, org_id: int, kind: str, row_id: int, text: str) -> tuple[int, bytes]:
    version, key = sealing_key(ctx.session, _master(ctx), org_id)
    return version, seal(key, text, field_context(kind, row_id, "text"))


def open_text(ctx: Context, org_id: int, version: int, kind: str, row_id: int, token: bytes) -> str:
    key = opening_key(ctx.session, _master(ctx), org_id, version)
    return open_sealed(key, token, field_context(kind, row_id, "text")).decode("utf-8")


def seal_json(ctx: Context, org_id: int, kind: str, row_id: int, value: Any) -> bytes:
    return seal_text(ctx, org_id, kind, row_id, json.dumps(value, ensure_ascii=False))[1]


def open_json(ctx: Context, org_id: int, version: int, kind: str, row_id: int, token: bytes) -> Any:
    return json.loads(open_text(ctx, org_id, version, kind, row_id, token))

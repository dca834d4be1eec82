"""Exporting what the caller may see, in the field's formats, from every door: one
action, one permission (export), one audit entry ("export", with the rows per kind).

The file is written in the door's transaction and takes its name only when that
transaction commits — with the entry — so no export exists that the trail does not
show (``exchange.export``).  Victims' identities leave only as ``exchange.identities``
allows: asked for with a consent purpose, to the owner organisation's case workers,
under the victim's consent, with the vault's key; each one released is its own
"reveal_identity" entry.

A read-only API token may export: an export changes nothing in the register, holds
no record the same token could not read one by one (every row goes through the same
visibility rule), and is audited like any read — with the role's export permission
still required.
"""

from __future__ import annotations

from amanat.access.audit import DetailValue
from amanat.access.roles import Permission
from amanat.actions.door import Context, Scope, action
from amanat.exchange.export import ExportRequest, ExportResult, Tick, write_export

__all__ = ["ExportRequest", "ExportResult", "run_export"]


@action(
    "export.run",
    "Export the records one may see as FollowTheMoney, HTCDS, a k-anonymised CTDC "
    "table, GLOTIP indicators, an XLSX workbook, JSON or a STIX 2.1 bundle; identities only "
    "to their owner, under consent",
    scope=Scope.visible_records,
    permission=Permission.export,
    read_only=True,
    audit=("export", "reveal_identity", "read"),
)
def run_export(ctx: Context, request: ExportRequest, tick: Tick | None = None) -> ExportResult:
    """The file is at ``result.output`` once the door's transaction commits.
    ``ValueError`` for an unknown format."""
    result = write_export(ctx.session, ctx.viewer, request, ctx.master_key, tick)
    detail: dict[str, DetailValue] = {
        "format": request.format,
        "rows": result.rows,
        "file": request.output.name,
        "identities": result.identities_released,
        **{f"rows_{kind}": n for kind, n in sorted(result.kinds.items())},
    }
    ctx.audit_many([(None, None, detail)], purpose=request.identities_for)
    return result

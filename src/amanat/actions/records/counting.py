"""How many records of each kind the register holds: the system operator's view of a
register (``amanat stats``, the demo's summary), counts only."""

from __future__ import annotations

from sqlalchemy import func, select

from amanat.actions.door import Context, Scope, action
from amanat.register import RECORD_KINDS


@action(
    "register.counts",
    "How many records of each kind the register holds, deleted ones left out",
    scope=Scope.system,
    read_only=True,
    unaudited_because="numbers only, no record",
)
def count_records(ctx: Context) -> dict[str, int]:
    counts: dict[str, int] = {}
    for kind, model in RECORD_KINDS.items():
        query = select(func.count()).select_from(model)
        deleted_at = getattr(model, "deleted_at", None)
        if deleted_at is not None:
            query = query.where(deleted_at.is_(None))
        counts[kind] = int(ctx.session.scalar(query) or 0)
    return counts

"""What an analysis is asked to look at, through the caller's own eyes, and the entry it
leaves in the audit trail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from amanat.actions.door import Context
from amanat.analyze.scope import Scope


@dataclass(frozen=True)
class Asked:
    """The filters a caller gives; the viewer is always the caller (``scope_of``).
    ``as_of``: the analysis date (default today); open cases are censored there."""

    country: str | None = None
    case_type: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    publishable_only: bool = False
    as_of: dt.date | None = None


def scope_of(ctx: Context, asked: Asked) -> Scope:
    given = {"as_of": asked.as_of} if asked.as_of is not None else {}
    return Scope(
        ctx.viewer,
        country=asked.country.upper() if asked.country else None,
        case_type=asked.case_type,
        year_from=asked.year_from,
        year_to=asked.year_to,
        publishable_only=asked.publishable_only,
        **given,
    )


def record(
    ctx: Context, scope: Scope, what: str, rows: int, *, entry: str, purpose: str | None = None
) -> None:
    """One entry for an analysis ("analyze") or a file written from one ("export"): what
    it was, how many rows, and its scope (no identities)."""
    detail = {"analysis": what, "rows": rows, **scope.describe()}
    ctx.audit_many([("analysis", what, detail)], purpose=purpose, entry=entry)

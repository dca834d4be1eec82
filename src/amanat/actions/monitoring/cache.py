"""Analyses kept a few minutes, for one viewer's eyes only.

A monitoring page recomputes its analysis (survival curves, networks) from every
record the viewer may see: seconds on a region.  A view is kept for ``TTL`` seconds
under a key made of everything that decides what the viewer may see and what was
asked:

- the analysis, its scope (the user id, organisation and role, the filters and the
  analysis date) and its other arguments;
- the sharing groups the organisation belongs to *now*, the records shared with it
  by name, and the user's emergency grants in force (so a membership ended, a share
  withdrawn or a grant expired is a different key at once);
- the database (engine) and the register's generation in this process: any write
  of a record here starts a new generation, so the next view recomputes.

So one user's view is never served to another, and a change of access takes
effect at once; only writes by another process (an import on the command line)
can take up to ``TTL`` seconds to show.  Every view, kept or not, still writes its
own audit entry (the action does).  Pages show when a view was computed.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import event, func, select
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from amanat.access.models import BreakGlass, RecordShare
from amanat.actions.database import engine_of
from amanat.actions.door import Context
from amanat.analyze.scope import Scope
from amanat.register.base import utcnow
from amanat.register.sharing_group import SharingGroupMember

TTL = 300.0  # seconds
SIZE = 32  # views kept: an analysis of a region holds a few megabytes at most
# Tables written by reading (the trail, sessions, form tokens): not a change of records.
BOOKKEEPING = frozenset(
    {"audit_entry", "audit_queue", "audit_checkpoint", "web_session", "used_form_token"}
)

T = TypeVar("T")


@dataclass(frozen=True)
class Kept:
    """A view and when it was computed (UTC)."""

    value: Any
    computed_at: dt.datetime


_lock = threading.Lock()
_kept: OrderedDict[Hashable, tuple[float, Kept]] = OrderedDict()
_generation = [0]


def _table_of(instance: object) -> str:
    return str(getattr(getattr(instance, "__table__", None), "name", ""))


def _changed(session: Session, flush: UOWTransaction) -> None:
    touched = (*session.new, *session.dirty, *session.deleted)
    if any(_table_of(o) not in BOOKKEEPING for o in touched):
        clear()


def _bulk(state: ORMExecuteState) -> None:
    # INSERT/UPDATE/DELETE statements through a session (bulk writes of imports).
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", "") not in BOOKKEEPING:
            clear()


event.listen(Session, "after_flush", _changed)
event.listen(Session, "do_orm_execute", _bulk)


def clear() -> None:
    """Forget every view (a record was written; the benchmark's first views)."""
    with _lock:
        _kept.clear()
        _generation[0] += 1


def _access(ctx: Context) -> tuple[Hashable, ...]:
    """What, besides the scope, decides what the viewer sees now."""
    viewer, session = ctx.viewer, ctx.session
    groups = select(SharingGroupMember.group_id).where(SharingGroupMember.org_id == viewer.org_id)
    shares = select(func.count(), func.max(RecordShare.id), func.sum(RecordShare.record_id)).where(
        RecordShare.org_id == viewer.org_id
    )
    grants = select(BreakGlass.id).where(
        BreakGlass.user_id == viewer.user_id,
        BreakGlass.approved_at.is_not(None),
        BreakGlass.expires_at > utcnow(),
    )
    return (
        tuple(sorted(session.scalars(groups))),
        tuple(session.execute(shares).one()),
        tuple(sorted(session.scalars(grants))),
    )


def kept(ctx: Context, name: str, scope: Scope, compute: Callable[[], T], *args: Hashable) -> T:
    """The view ``compute`` gives, kept under the viewer's key for ``TTL`` seconds."""
    engine = engine_of(ctx)
    with _lock:
        generation = _generation[0]
    key = (id(engine), str(engine.url), generation, name, scope, args, _access(ctx))
    now = time.monotonic()
    with _lock:
        found = _kept.get(key)
        if found is not None and now - found[0] < TTL:
            _kept.move_to_end(key)
            return found[1].value  # type: ignore[no-any-return]
    fresh = Kept(compute(), dt.datetime.now(dt.UTC))
    with _lock:
        if _generation[0] == generation:  # nothing written while computing
            _kept[key] = (now, fresh)
            while len(_kept) > SIZE:
                _kept.popitem(last=False)
    return fresh.value  # type: ignore[no-any-return]


def computed_at(value: object) -> dt.datetime:
    """When a view ``kept`` gave was computed (now, for one no longer kept)."""
    with _lock:
        for _, entry in _kept.values():
            if entry.value is value:
                return entry.computed_at
    return dt.datetime.now(dt.UTC)

"""The engine under an action's transaction, for work that opens connections of its
own: a linkage run scores in transactions of its own, and an analysis reads tables
side by side (``amanat.analyze``)."""

from __future__ import annotations

from sqlalchemy import Engine

from amanat.actions.door import Context


def engine_of(ctx: Context) -> Engine:
    bind = ctx.session.get_bind()
    # A session bound to a single connection would have no engine to lend.
    return bind if isinstance(bind, Engine) else bind.engine

"""Alerts on unusual access that an auditor has dealt with: acknowledged, by whom and
when (``access.alert_acks``).  An acknowledged alert stays in the alerts page,
marked; the start page shows only the open ones.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from amanat.access.alert_acks import AlertAck, acknowledged, key_of
from amanat.access.alerts import Alert, default_rules
from amanat.access.audit_store import AuditRecord
from amanat.access.roles import Permission
from amanat.actions.door import Context, Scope, action
from amanat.actions.errors import FieldProblem, NotFound
from amanat.language.i18n import N_

MAX_NOTE = 2000


@action(
    "alert.acknowledge",
    "Acknowledge an alert on unusual access (auditors): it is marked as dealt with, "
    "by whom and when, and leaves the list of open alerts",
    scope=Scope.audit_trail,
    permission=Permission.audit,
    audit="alert_acknowledged",
)
def acknowledge(ctx: Context, rule_id: str, first_seq: int, note: str | None = None) -> AlertAck:
    """The alert is named by its rule and the first trail entry it names; one that no
    rule or entry matches is not found.  Acknowledging again keeps the first."""
    if rule_id not in {rule.id for rule in default_rules()}:
        raise NotFound(
            N_("alert %(rule_id)s:%(first_seq)s not found"), rule_id=rule_id, first_seq=first_seq
        )
    entry = ctx.session.get(AuditRecord, first_seq) if 0 < first_seq < 2**63 else None
    if entry is None:
        raise NotFound(
            N_("alert %(rule_id)s:%(first_seq)s not found"), rule_id=rule_id, first_seq=first_seq
        )
    if note is not None and len(note) > MAX_NOTE:
        raise FieldProblem(
            ("body", "note"),
            N_("must be at most %(length)s characters"),
            len(note),
            length=MAX_NOTE,
        )
    found = ctx.session.scalar(
        select(AlertAck).where(AlertAck.rule_id == rule_id, AlertAck.first_seq == first_seq)
    )
    if found is None:
        found = AlertAck(
            rule_id=rule_id,
            first_seq=first_seq,
            acknowledged_by_user_id=ctx.actor.signed_in.id,
            note=note or None,
        )
        ctx.session.add(found)
        ctx.session.flush()
    ctx.audit("alert", f"{rule_id}:{first_seq}", ack=found.id, noted=bool(note))
    return found


@action(
    "alert.acknowledgements",
    "Which of the alerts shown were acknowledged, by whom and when (auditors)",
    scope=Scope.audit_trail,
    permission=Permission.audit,
    read_only=True,
    unaudited_because="marks on alerts whose reading is itself audited (alerts_read)",
)
def acknowledgements(ctx: Context, alerts: Sequence[Alert]) -> dict[tuple[str, int], AlertAck]:
    return acknowledged(ctx.session, alerts)


def open_only(ctx: Context, alerts: Sequence[Alert]) -> list[Alert]:
    """The alerts nobody has acknowledged (for an action that has read them)."""
    done = acknowledged(ctx.session, alerts)
    return [alert for alert in alerts if key_of(alert) not in done]

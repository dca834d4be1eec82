"""The alerts read through the SQL conditions are those of every entry tested in
Python: the conditions only leave out entries no rule could raise an alert on."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, select

from amanat.access import accounts, audit_store
from amanat.access.alerts import alerts_for
from amanat.access.audit_store import AuditRecord, Pending, to_entry
from amanat.actions.audit_trail import raised_alerts
from amanat.register import Case, CaseRole, Person, Relationship
from amanat.store.engine import transaction

NIGHT = dt.datetime(2026, 3, 2, 22, 0, tzinfo=dt.UTC)  # 03:00 in Almaty


def _trail(engine: Engine) -> None:
    """Entries that raise each kind of alert, beside near misses of each."""
    with transaction(engine) as session:
        border = accounts.add_organisation(session, "TJ-BORDER", "Border", "border_service")
        police = accounts.add_organisation(session, "KZ-POL", "Police", "police")
        case = Case(org_id=police.id, case_type="drugs", jurisdiction="KZ")
        guard, clerk, nobody = (Person(org_id=police.id, sex="male") for _ in range(3))
        session.add_all([case, guard, clerk, nobody])
        session.flush()
        session.add(
            CaseRole(
                org_id=police.id,
                case_id=case.id,
                person_id=guard.id,
                role="suspect",
                is_public_official=True,
                official_employer_id=border.id,
            )
        )
        session.add(
            Relationship(
                org_id=police.id,
                kind="employed_by",
                from_person_id=clerk.id,
                to_organisation_id=police.id,
            )
        )
        session.flush()
        b, p = border.id, police.id
        unprotected = {"owner_org_id": p, "protected": False}
        entries = [
            # Officials looked up by their employers (case role, relationship), and not.
            Pending("search_hit", 9, b, "person", guard.id),
            Pending("read", 5, p, "person", clerk.id),
            Pending("search_hit", 5, p, "person", guard.id),
            Pending("read", 9, b, "person", nobody.id),
            Pending("search_hit", 9, None, "person", guard.id),
            Pending("login_failed", None, None, "user", "alice"),
            # Protected victims read outside the caseload: 21 raise, the rest do not.
            *(
                Pending("read", 7, b, "victim", n, detail={"owner_org_id": p, "protected": True})
                for n in range(21)
            ),
            *(
                Pending("read", 8, p, "victim", n, detail={"owner_org_id": p, "protected": True})
                for n in range(21)
            ),
            *(Pending("read", 6, b, "person", 1000 + n, detail=unprotected) for n in range(21)),
            *(Pending("read", 4, b, "victim", n, detail={"protected": True}) for n in range(21)),
            Pending("export", 3, p, detail={"rows": 50_000}),
            Pending("export", 3, p, detail={"rows": 999}),
            Pending("export", 3, p, detail={"rows": "many"}),
            Pending("export", 3, p),
            *(Pending("login_failed", None, None, "user", "bob") for _ in range(6)),
            Pending("read", 2, p, "case", case.id, detail={"break_glass": True}),
            Pending("read", 2, p, "case", case.id, detail={"break_glass": False}),
            Pending("token_created", 1, p, "user", 3, detail={"via": "system operator"}),
            Pending("token_created", 1, p, "user", 3, detail={"via": "web"}),
            Pending("role_requested", 1, p, "user", 3),
            Pending("login_throttled", None, None, "address", "10.0.0.1"),
        ]
        audit_store.append_many(session, entries, now=NIGHT)


def test_the_conditions_leave_out_no_alert(engine: Engine) -> None:
    _trail(engine)
    with transaction(engine) as session:
        rows = session.scalars(select(AuditRecord).order_by(AuditRecord.seq))
        every = alerts_for(session, [to_entry(row) for row in rows])
    with transaction(engine) as session:
        read = raised_alerts(session, None, None, "en")
    assert read == every
    raised = sorted({(alert.rule_id, alert.user_id) for alert in read}, key=str)
    assert raised == sorted(
        {
            ("official_searched_by_employer", 9),
            ("official_searched_by_employer", 5),
            ("victim_reads_outside_caseload", 7),
            ("bulk_export_after_hours", 3),
            ("repeated_failed_logins", None),
            ("emergency_read", 2),
            ("token_made_by_operator", 1),
            ("reading_role_asked_or_granted", 1),
            ("sign_in_throttled", None),
        },
        key=str,
    )

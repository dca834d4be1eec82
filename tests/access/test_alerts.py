"""Unusual-access rules over the audit trail."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from amanat.access import accounts
from amanat.access.alerts import alerts_for, evaluate
from amanat.access.audit import AuditEntry, next_entry
from amanat.register import Case, CaseRole, Person
from amanat.store.engine import transaction

MONDAY_NOON = dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.UTC)  # 12:00 in Almaty


def _trail(*specs: dict[str, object]) -> list[AuditEntry]:
    entries: list[AuditEntry] = []
    for spec in specs:
        entries.append(next_entry(entries[-1] if entries else None, **spec))  # type: ignore[arg-type]
    return entries


def _victim_read(
    user: int, org: int, owner: int, minute: int, kind: str = "person"
) -> dict[str, object]:
    return {
        "at": MONDAY_NOON + dt.timedelta(minutes=minute),
        "action": "read",
        "actor_user_id": user,
        "actor_org_id": org,
        "target_kind": kind,
        "target_id": str(minute),
        "detail": {"owner_org_id": owner, "protected": True},
    }


def test_many_victim_reads_outside_the_caseload() -> None:
    outside = _trail(*(_victim_read(7, 2, 1, m) for m in range(21)))
    raised = list(evaluate(outside))
    assert [a.rule_id for a in raised] == ["victim_reads_outside_caseload"]
    assert raised[0].user_id == 7 and len(raised[0].seqs) == 21
    own = _trail(*(_victim_read(7, 1, 1, m) for m in range(40)))  # the user's own org
    assert list(evaluate(own)) == []
    spread = _trail(*(_victim_read(7, 2, 1, m * 120) for m in range(21)))  # over 40 hours
    assert list(evaluate(spread)) == []


def test_victim_records_read_outside_the_caseload_count_too() -> None:
    """Found from outside: reading victim records (not their persons) raised nothing."""
    victims = _trail(*(_victim_read(7, 2, 1, m, kind="victim") for m in range(21)))
    assert [a.rule_id for a in evaluate(victims)] == ["victim_reads_outside_caseload"]


def test_bulk_export_after_hours_and_failed_logins() -> None:
    night = MONDAY_NOON + dt.timedelta(hours=15)  # 03:00 in Almaty
    entries = _trail(
        {"at": MONDAY_NOON, "action": "export", "actor_user_id": 3, "detail": {"rows": 50_000}},
        {"at": night, "action": "export", "actor_user_id": 3, "detail": {"rows": 50_000}},
        {"at": night, "action": "export", "actor_user_id": 3, "detail": {"rows": 10}},
        *(
            {"at": night, "action": "login_failed", "target_kind": "user", "target_id": "aigerim"}
            for _ in range(6)
        ),
    )
    raised = list(evaluate(entries, lang="ru"))
    assert [(a.rule_id, a.seqs[0]) for a in raised] == [
        ("bulk_export_after_hours", 2),
        ("repeated_failed_logins", 4),
    ]
    assert raised[0].label.startswith("Массовая выгрузка")


def test_a_suspect_looked_up_by_his_own_employer(engine: Engine) -> None:
    with transaction(engine) as session:
        border = accounts.add_organisation(session, "TJ-BORDER", "Border", "border_service")
        police = accounts.add_organisation(session, "KZ-POL", "Police", "police")
        case = Case(org_id=police.id, case_type="drugs", jurisdiction="KZ")
        guard = Person(org_id=police.id, sex="male")
        session.add_all([case, guard])
        session.flush()
        session.add(
            CaseRole(
                org_id=police.id,
                case_id=case.id,
                person_id=guard.id,
                role="suspect",
                facilitator_kind="border_guard",
                is_public_official=True,
                official_employer_id=border.id,
            )
        )
        session.flush()
        entries = _trail(
            {
                "at": MONDAY_NOON,
                "action": "search_hit",
                "actor_user_id": 9,
                "actor_org_id": border.id,
                "target_kind": "person",
                "target_id": str(guard.id),
            },
            {
                "at": MONDAY_NOON,
                "action": "search_hit",
                "actor_user_id": 5,
                "actor_org_id": police.id,
                "target_kind": "person",
                "target_id": str(guard.id),
            },
        )
        raised = alerts_for(session, entries)
    assert [(a.rule_id, a.user_id) for a in raised] == [("official_searched_by_employer", 9)]

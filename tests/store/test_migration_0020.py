"""Revision 0020 reopens the phone merges that rested on the last nine digits, on both
back ends, and says so in the audit trail as the system; the merges that still hold stay."""

from __future__ import annotations

import json

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from amanat.access.audit_store import AuditRecord, verify_stored
from amanat.register import Organisation, Phone
from amanat.resolve import canonical
from amanat.resolve.identifiers import MODEL_VERSION
from amanat.resolve.models import Judgement
from amanat.store.engine import session_factory, transaction
from amanat.store.migrate import current_revision, downgrade, head_revision, upgrade

MARKING = {"tlp": "GREEN", "distribution": "community"}


def _organisation(session: Session, code: str, kind: str, country: str) -> int:
    """Written with SQL: the schema is 0018's, older than the model's organisation."""
    session.execute(
        text(
            "INSERT INTO organisation (code, name, kind, country, created_at) "
            "VALUES (:code, :code, :kind, :country, CURRENT_TIMESTAMP)"
        ),
        {"code": code, "kind": kind, "country": country},
    )
    found: int = session.scalars(select(Organisation.id).where(Organisation.code == code)).one()
    return found


def test_0020_reopens_merges_of_numbers_of_different_countries(engine: Engine) -> None:
    downgrade(engine, "0018")
    with transaction(engine) as session:
        kz = _organisation(session, "KZ-POL", "police", "KZ")
        uz = _organisation(session, "UZ-MVD", "interior_ministry", "UZ")
        tj = _organisation(session, "TJ-MVD", "interior_ministry", "TJ")
        numbers = [
            (kz, "+7 701 234 56 78"),
            (kz, "+7 901 234 56 78"),  # Russian: the same last nine digits
            (kz, "8 (701) 234-56-78"),  # the first one, in national form
            (uz, "90 123 45 67"),
            (tj, "90 123 45 67"),  # Tajik: +992, not +998
        ]
        phones = [Phone(org_id=org, number=number, **MARKING) for org, number in numbers]
        session.add_all(phones)
        session.flush()
        kz_a, ru, kz_b, uz_a, tj_a = (phone.id for phone in phones)
        for left, right in ((kz_a, ru), (kz_a, kz_b), (uz_a, tj_a)):  # as 0018's linkage did
            session.add(
                Judgement(
                    record_kind="phone", left_id=left, right_id=right, verdict="same",
                    source="auto", score=1.0, model_version=MODEL_VERSION,
                    note="same phone number",
                )
            )  # fmt: skip
        session.flush()
        canonical.recompute(session, "phone")
    upgrade(engine)  # through 0020, to the newest revision
    assert current_revision(engine) == head_revision()
    with session_factory(engine)() as session:
        open_ = session.execute(
            select(Judgement.left_id, Judgement.right_id).where(Judgement.undone_at.is_(None))
        ).all()
        assert [tuple(pair) for pair in open_] == [(kz_a, kz_b)]
        notes = session.scalars(select(Judgement.note).where(Judgement.undone_at.is_not(None)))
        assert [note.split("; ")[1] for note in notes if note] == [
            "reopened: numbers of different phones in E.164 form (revision 0020)"
        ] * 2
        assert canonical.entity_of(session, "phone", ru) == ru
        assert canonical.entity_of(session, "phone", tj_a) == tj_a != uz_a
        assert canonical.entity_of(session, "phone", kz_b) == kz_a
        (entry,) = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "resolve_identifiers")
        )
        assert entry.actor_user_id is None and entry.actor_org_id is None  # the system
        assert entry.target_kind == "resolution_judgement"
        assert json.loads(entry.detail) == {
            "reopened_phone": 2, "reopened_vehicle": 0, "reopened_group": 0,
            "via": "migration 0020",
        }  # fmt: skip
        assert verify_stored(session, ()).ok


def test_0020_writes_nothing_in_a_register_without_merges(engine: Engine) -> None:
    downgrade(engine, "0018")
    upgrade(engine)
    with session_factory(engine)() as session:
        assert session.scalars(select(AuditRecord)).all() == []

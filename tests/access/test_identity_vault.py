"""Victims' identities: sealed at rest, revealed only to whom the rules allow,
never in a dump of the database."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from amanat.access import accounts
from amanat.access.audit_store import AuditRecord
from amanat.access.identity_vault import ProtectedIdentity, reveal
from amanat.access.models import RecordShare, User
from amanat.access.roles import Role
from amanat.access.sharing import NotFound
from amanat.access.vault import MasterKey, generate_master_key, is_pseudonym
from amanat.access.visibility import Viewer
from amanat.intake.submission import SubmissionError, submit
from amanat.register import PersonName
from amanat.store.engine import session_factory, transaction
from amanat.store.postgres import find_binary

VICTIM_NAME = "Турсунова Гулнора Алишеровна"
DOCUMENT = "FA7654321"
SUBMISSION: dict[str, Any] = {
    "organisation": "KG-NGO",
    "records": [
        {
            "kind": "person",
            "ref": "p",
            "is_protected": True,
            "sex": "female",
            "birth_year": 2004,
            "birth_month": 5,
            "names": [{"full_name": VICTIM_NAME, "script": "Cyrl"}],
            "documents": [{"doc_type": "international_passport", "number": DOCUMENT}],
            "phones": ["+996 700 123 456"],
        },
        {
            "kind": "victim",
            "ref": "v",
            "person_id": "@p",
            "sex": "female",
            "age_at_exploitation": 19,
            "citizenship": "KG",
            "exploitation": [{"form": "SexualExploitation"}],
            "consents": [
                {"purpose": "prosecution", "given_on": "2024-06-01", "granted_to_org_id": 3}
            ],
        },
    ],
}


@pytest.fixture
def vault(engine: Engine) -> tuple[Engine, MasterKey, dict[str, Viewer]]:
    viewers: dict[str, Viewer] = {}
    with transaction(engine) as session:
        orgs = {
            "KG-NGO": accounts.add_organisation(session, "KG-NGO", "Shelter", "ngo", "KG"),
            "KG-POL": accounts.add_organisation(session, "KG-POL", "Police", "police", "KG"),
            "UZ-PRO": accounts.add_organisation(session, "UZ-PRO", "Prosecutor", "prosecutor"),
        }
        assert orgs["UZ-PRO"].id == 3  # the consent above names it by id
        people = [
            ("worker", "KG-NGO", Role.case_worker),
            ("ngo_analyst", "KG-NGO", Role.analyst),
            ("prosecutor", "UZ-PRO", Role.prosecutor),
            ("uz_analyst", "UZ-PRO", Role.analyst),
            ("admin", "KG-NGO", Role.administrator),
            ("police", "KG-POL", Role.investigator),
        ]
        for number, (name, code, role) in enumerate(people, start=1):
            session.add(
                User(
                    id=number,
                    org_id=orgs[code].id,
                    username=name,
                    display_name=name,
                    role=role.value,
                )
            )
            viewers[name] = Viewer(number, orgs[code].id, role)
    master = generate_master_key()
    result = submit(engine, SUBMISSION, master=master)
    with transaction(engine) as session:  # the NGO shares the person record with UZ-PRO
        session.add(
            RecordShare(
                record_kind="person", record_id=result.ids["p"], org_id=viewers["prosecutor"].org_id
            )
        )
    return engine, master, viewers


def test_without_a_master_key_nothing_is_stored(engine: Engine) -> None:
    with transaction(engine) as session:
        accounts.add_organisation(session, "KG-NGO", "Shelter", "ngo", "KG")
    with pytest.raises(SubmissionError, match="master key"):
        submit(engine, SUBMISSION)
    with session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(PersonName)) == 0


def test_the_identity_is_sealed_and_pseudonymised(vault: tuple[Engine, MasterKey, dict]) -> None:
    engine, _, _ = vault
    with session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(PersonName)) == 0
        protected = session.scalars(select(ProtectedIdentity)).one()
        assert is_pseudonym(protected.pseudonym) and protected.pseudonym.startswith("V-KG-")
        assert VICTIM_NAME.encode() not in protected.sealed


@pytest.mark.parametrize(
    ("who", "purpose", "sees_identity"),
    [
        ("worker", "assistance", True),  # the owner's case worker
        ("ngo_analyst", "assistance", False),  # same organisation, another role
        ("prosecutor", "prosecution", True),  # consented organisation and purpose
        ("prosecutor", "research", False),  # consented organisation, other purpose
        ("uz_analyst", "research", False),  # no consent for research
    ],
)
def test_who_sees_the_identity(
    vault: tuple[Engine, MasterKey, dict[str, Viewer]], who: str, purpose: str, sees_identity: bool
) -> None:
    engine, master, viewers = vault
    with transaction(engine) as session:
        person_id = session.scalars(select(ProtectedIdentity.person_id)).one()
        revealed = reveal(session, master, viewers[who], person_id, purpose)
    assert is_pseudonym(revealed.pseudonym)
    if sees_identity:
        assert revealed.identity is not None
        assert revealed.identity.names[0]["full_name"] == VICTIM_NAME
        assert revealed.identity.documents[0]["number"] == DOCUMENT
    else:
        assert revealed.identity is None
    with session_factory(engine)() as session:
        entry = session.scalars(select(AuditRecord).order_by(AuditRecord.seq.desc())).first()
        assert entry is not None and entry.actor_user_id == viewers[who].user_id
        assert VICTIM_NAME not in entry.detail


@pytest.mark.parametrize("who", ["admin", "police"])
def test_administrators_and_outsiders_do_not_even_see_the_record(
    vault: tuple[Engine, MasterKey, dict[str, Viewer]], who: str
) -> None:
    engine, master, viewers = vault
    with transaction(engine) as session, pytest.raises(NotFound):
        person_id = session.scalars(select(ProtectedIdentity.person_id)).one()
        reveal(session, master, viewers[who], person_id, "assistance")


def dump(engine: Engine) -> str:
    """The whole database as SQL text, as an operator would take it."""
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()
        try:
            return "\n".join(raw.driver_connection.iterdump())  # type: ignore[union-attr]
        finally:
            raw.close()
    url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    return subprocess.run(
        [find_binary("pg_dump"), "--no-owner", url], capture_output=True, text=True, check=True
    ).stdout


def test_a_dump_holds_no_identity(vault: tuple[Engine, MasterKey, dict[str, Viewer]]) -> None:
    engine, _, _ = vault
    text = dump(engine)
    assert "CREATE TABLE" in text and "protected_identity" in text
    for secret in (VICTIM_NAME, "Турсунова", DOCUMENT, "700 123 456"):
        assert secret not in text

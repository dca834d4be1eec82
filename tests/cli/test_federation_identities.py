"""A victim's identity between nodes (issue 18, item 6), with `amanat federation
export|import` as an operator runs them: it leaves KZ only for the KG organisation
she consented to share it with, sealed to KG's node key, so the bundle file holds
no plaintext of it; at KG only that organisation's case workers are shown it; a
node that is not KG cannot open it, a changed box refuses the bundle, and once her
consent is withdrawn the next version of her record takes it away."""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session
from tests.cli.test_federation import (
    PERSON_PROFILE,
    VICTIM_NAME,
    Node,
    amanat,
    cli,
    new_node,
    ok,
    refusal,
    sql,
    trail,
)
from tests.databases import postgres_database

from amanat.access.sharing import NotFound
from amanat.access.vault import load_master_key
from amanat.actions.people.identity import reveal_identity
from amanat.cli.door import acting_as
from amanat.federation.bundle import sealed
from amanat.federation.identities import place
from amanat.federation.sealing import SealError, open_box
from amanat.register import Consent, Organisation, Victim
from amanat.store.engine import make_engine


@dataclass(frozen=True)
class Pair:
    kz: Node
    kg: Node
    where: Path
    kz_master: Path
    kg_master: Path


def add_orgs(node: Node, where: Path, local: list[str], remote: dict[str, str]) -> None:
    for code in local:
        cli(node, "org", "add", code, f"{code} org", "--kind", "police", cwd=where)
    for code, other in remote.items():
        cli(node, "org", "add", code, f"{code} org", "--kind", "police", "--node", other,
            cwd=where)  # fmt: skip


def kg_node(backend: str, where: Path, request: pytest.FixtureRequest) -> Node:
    """KG on SQLite, or on PostgreSQL (the session's server: failing without one)."""
    if backend == "sqlite":
        return new_node("KG", where)
    url = postgres_database(request.getfixturevalue("postgres_url"), "federation_kg")
    node = Node("KG", url, where / "KG.pem")
    cli(node, "init", cwd=where)
    cli(node, "node", "init", "KG", "--key-file", str(node.key_file), cwd=where)
    return node


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def pair(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Pair:
    """KZ police registered a victim, in the task force's group, which includes a
    Kyrgyz NGO and the Kyrgyz police on node KG; she consented to share who she is
    with the NGO, for assistance."""
    where = tmp_path_factory.mktemp("identities")
    kz, kg = new_node("KZ", where), kg_node(request.param, where, request)
    cli(kz, "node", "add", "KG", "http://127.0.0.1:1", kg.public_key, cwd=where)
    cli(kg, "node", "add", "KZ", "http://127.0.0.1:2", kz.public_key, cwd=where)
    add_orgs(kz, where, ["KZ-POL"], {"KG-NGO": "KG", "KG-POL": "KG"})
    add_orgs(kg, where, ["KG-NGO", "KG-POL"], {"KZ-POL": "KZ"})
    for node, owner, members in ((kz, "KZ-POL", ("KG-NGO", "KG-POL")), (kg, "KG-POL", ("KG-NGO",))):
        cli(node, "group", "add", "TASK-FORCE", "--owner", owner, cwd=where)
        for member in members:
            cli(node, "group", "add-member", "TASK-FORCE", member, cwd=where)
    password = ("--password", "long enough password")
    cli(kz, "user", "add", "kz-analyst", "--org", "KZ-POL", "--role", "investigator", *password,
        cwd=where)  # fmt: skip
    cli(kg, "user", "add", "kg-ngo", "--org", "KG-NGO", "--role", "case_worker", *password,
        cwd=where)  # fmt: skip
    cli(kg, "user", "add", "kg-police", "--org", "KG-POL", "--role", "investigator", *password,
        cwd=where)  # fmt: skip
    kz_master, kg_master = where / "kz-master.key", where / "kg-master.key"
    cli(kz, "vault", "keygen", str(kz_master), cwd=where)
    cli(kg, "vault", "keygen", str(kg_master), cwd=where)
    (where / "victim.yaml").write_text(PERSON_PROFILE.format(kind="victim"))
    (where / "victims.csv").write_text(f"id,full_name,sex\nV1,{VICTIM_NAME},female\n")
    cli(kz, "import", "victims.csv", "--profile", "victim.yaml", "--user", "kz-analyst",
        "--distribution", "group", "--group", "TASK-FORCE", cwd=where,
        AMANAT_MASTER_KEY_FILE=str(kz_master))  # fmt: skip
    engine = make_engine(kz.url)
    try:
        with Session(engine) as session, session.begin():
            victim = session.scalars(select(Victim)).one()
            ngo = session.scalars(select(Organisation).where(Organisation.code == "KG-NGO")).one()
            session.add(
                Consent(
                    victim_id=victim.id,
                    purpose="assistance",
                    granted_to_org_id=ngo.id,
                    given_on=dt.date.today(),
                )
            )
    finally:
        engine.dispose()
    return Pair(kz, kg, where, kz_master, kg_master)


def export(pair: Pair, out: str, *extra: str) -> Path:
    path = pair.where / out
    ok(pair.kz, "federation", "export", "--to", "KG", "--out", str(path), "--key-file",
       str(pair.kz.key_file), *extra, cwd=pair.where,
       AMANAT_MASTER_KEY_FILE=str(pair.kz_master))  # fmt: skip
    return path


def take(pair: Pair, path: Path) -> str:
    return ok(pair.kg, "federation", "import", str(path), "--key-file", str(pair.kg.key_file),
              cwd=pair.where, AMANAT_MASTER_KEY_FILE=str(pair.kg_master))  # fmt: skip


def person_record(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    bundle = json.loads(path.read_bytes())["bundle"]
    person = next(r for r in bundle["records"] if r["kind"] == "person")
    return bundle, person


def shown_to(pair: Pair, user: str, purpose: str) -> list[str] | None:
    """The names the user is shown of the victim's copy at KG (None: the pseudonym
    only, or not even that)."""
    person_id = sql(pair.kg, "SELECT id FROM person WHERE is_protected")[0][0]
    engine = make_engine(pair.kg.url)
    try:
        with acting_as(engine, user, key=load_master_key(pair.kg_master, {})) as ctx:
            try:
                found = reveal_identity(ctx, "person", person_id, purpose)
            except NotFound:
                return None
    finally:
        engine.dispose()
    if found.identity is None:
        return None
    return [name["full_name"] for name in found.identity.names]


def kg_bytes(pair: Pair) -> bytes:
    """Everything KG's database holds: the SQLite files, or every table's rows in
    PostgreSQL's text form (binary columns as hex, which ``plain_forms`` covers)."""
    if pair.kg.url.startswith("sqlite"):
        return b"".join(p.read_bytes() for p in pair.where.glob("KG.sqlite*") if p.is_file())
    tables = sql(pair.kg, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    return b"".join(
        str(row[0]).encode()
        for (table,) in tables
        for row in sql(pair.kg, f'SELECT t::text FROM "{table}" t')
    )


def plain_forms(value: str) -> list[bytes]:
    raw = value.encode()
    return [raw, json.dumps(value).encode(), base64.b64encode(raw), raw.hex().encode()]


def test_the_identity_reaches_the_consented_kg_organisation_only_and_sealed(pair: Pair) -> None:
    path = export(pair, "identity-1.json", "--after", "0")
    raw = path.read_bytes()
    for needle in [*plain_forms(VICTIM_NAME), b"Victimova"]:
        assert needle not in raw
    _, person = person_record(path)
    assert [(i["org"], i["purpose"]) for i in person["identities"]] == [("KG-NGO", "assistance")]
    assert trail(pair.kz, "federation_bundle_sent")[-1]["identities"] == 1
    out = take(pair, path)
    assert "1 identities kept" in out
    assert trail(pair.kg, "federation_bundle_received")[-1]["identities"] == 1
    assert shown_to(pair, "kg-ngo", "assistance") == [VICTIM_NAME]
    assert shown_to(pair, "kg-police", "assistance") is None
    assert shown_to(pair, "kg-police", "prosecution") is None
    # KG's database holds her identity sealed, never in plaintext.
    stored = kg_bytes(pair)
    assert stored and not any(needle in stored for needle in plain_forms(VICTIM_NAME))
    assert sql(pair.kg, "SELECT count(*) FROM person_name")[0][0] == 0


def test_only_kgs_key_opens_the_identity_and_only_for_its_record(
    pair: Pair, tmp_path: Path
) -> None:
    path = export(pair, "identity-2.json", "--after", "0")
    _, person = person_record(path)
    box = person["identities"][0]["sealed"]
    where = place("KZ", "KG", person, "KG-NGO", "assistance")
    assert VICTIM_NAME in open_box(pair.kg.private_key, box, where).decode()
    stranger = new_node("UZ", tmp_path)
    for key, bound in (
        (stranger.private_key, where),  # another node's key
        (pair.kz.private_key, where),  # even the sender's own
        (  # another version of the record
            pair.kg.private_key,
            place("KZ", "KG", {**person, "version": 99}, "KG-NGO", "assistance"),
        ),
        (pair.kg.private_key, place("KZ", "KG", person, "KG-POL", "assistance")),  # another org
    ):
        with pytest.raises(SealError):
            open_box(key, box, bound)


def edit_her_record(pair: Pair, *also: str) -> None:
    """A new version of her record at KZ (and whatever else is said to change)."""
    engine = make_engine(pair.kz.url)
    try:
        with engine.begin() as connection:
            for statement in (*also, "UPDATE person SET version = version + 1 WHERE is_protected"):
                connection.execute(text(statement))
    finally:
        engine.dispose()


def test_a_changed_box_refuses_the_bundle_and_is_audited(pair: Pair) -> None:
    edit_her_record(pair)  # a version KG has not taken: its box is opened
    path = export(pair, "identity-3.json", "--after", "0")
    bundle, person = person_record(path)
    box = bytearray(base64.b64decode(person["identities"][0]["sealed"]))
    box[-1] ^= 1
    person["identities"][0]["sealed"] = base64.b64encode(bytes(box)).decode()
    forged = pair.where / "identity-forged.json"
    forged.write_bytes(sealed(bundle, pair.kz.private_key))  # signed by KZ all the same
    before = sql(pair.kg, "SELECT count(*) FROM federation_identity")[0][0]
    done = amanat(pair.kg, "federation", "import", str(forged), "--key-file",
                  str(pair.kg.key_file), cwd=pair.where,
                  AMANAT_MASTER_KEY_FILE=str(pair.kg_master))  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    error = done.stderr
    assert "identities[0].sealed" in error and "does not open" in error
    assert sql(pair.kg, "SELECT count(*) FROM federation_identity")[0][0] == before
    position = bundle["records"].index(person)
    assert refusal(pair.kg, f"records[{position}].identities[0].sealed")["sender"] == "KZ"
    assert "1 identities kept" in take(pair, path)  # the box as sealed opens


def test_a_withdrawn_consent_takes_the_identity_away_with_the_next_version(pair: Pair) -> None:
    take(pair, export(pair, "identity-4.json", "--after", "0"))
    assert shown_to(pair, "kg-ngo", "assistance") == [VICTIM_NAME]
    edit_her_record(pair, "UPDATE consent SET withdrawn_on = CURRENT_DATE")
    path = export(pair, "identity-5.json")
    _, person = person_record(path)
    assert "identities" not in person
    assert "0 identities kept" in take(pair, path)
    assert shown_to(pair, "kg-ngo", "assistance") is None
    assert sql(pair.kg, "SELECT count(*) FROM federation_identity")[0][0] == 0

"""A hub passing records on (issue 18, items 3 and 4), between three registers
(KZ → HUB → KG, SQLite) through the command line: a record marked for the regional
task force (KZ's and KG's police, KG reached through the hub: `node add --via`)
reaches KG through the hub, an H2 record for the whole community ("no onward dissemination")
reaches the hub and stops there, a narrowed marking withdraws the copy at KG too,
a victim's identity consented to KG's police crosses the hub sealed to KG (the hub's
register holds none of it), and a bundle that would bring a record back to KZ is
refused and audited."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.cli.test_federation import (
    PERSON_PROFILE,
    VICTIM_NAME,
    Node,
    cli,
    new_node,
    ok,
    refused,
    sql,
    trail,
)

from amanat.federation.bundle import sealed
from amanat.register import Consent, Organisation, Victim
from amanat.store.engine import make_engine


def _pin(node: Node, *peers: Node, where: Path, via: str = "HUB") -> None:
    """The hub first; the others reached through it."""
    for port, peer in enumerate(peers, start=1):
        through = ("--via", via) if port > 1 else ()
        cli(node, "node", "add", peer.name, f"http://127.0.0.1:{port}", peer.public_key,
            *through, cwd=where)  # fmt: skip


def _org(node: Node, code: str, where: Path, on: str | None = None) -> None:
    on_node = ("--node", on) if on else ()
    cli(node, "org", "add", code, f"{code} office", "--kind", "police", *on_node, cwd=where)


def _held(node: Node) -> dict[str, str]:
    rows = sql(
        node,
        "SELECT n.full_name, p.handling FROM person p JOIN person_name n ON n.person_id = p.id "
        "WHERE p.deleted_at IS NULL",
    )
    return {name: handling for name, handling in rows}


def _consent(node: Node, org: str) -> None:
    """The victim consents to share who she is with ``org``, for prosecution."""
    engine = make_engine(node.url)
    try:
        with Session(engine) as session, session.begin():
            victim = session.scalars(select(Victim)).one()
            granted = session.scalars(select(Organisation).where(Organisation.code == org)).one()
            given = dt.date.today()
            session.add(Consent(victim_id=victim.id, purpose="prosecution",
                                granted_to_org_id=granted.id, given_on=given))  # fmt: skip
    finally:
        engine.dispose()


def test_a_hub_passes_on_what_the_marking_allows_and_withdraws_it(tmp_path: Path) -> None:
    where = tmp_path
    kz, hub, kg = new_node("KZ", where), new_node("HUB", where), new_node("KG", where)
    _pin(kz, hub, kg, where=where)
    for peer in (kz, kg):
        _pin(hub, peer, where=where)
    _pin(kg, hub, kz, where=where)  # KZ's key: the origin of what the hub passes on
    listed = cli(kz, "node", "list", cwd=where)
    [kg_row] = [line for line in listed.splitlines() if "│ KG " in line]
    assert kg_row.rstrip(" │").endswith("HUB"), listed  # the "via" column
    _org(kz, "KZ-POL", where)
    _org(kz, "RCTC", where, on="HUB")
    _org(kz, "KG-POL", where, on="KG")
    _org(hub, "RCTC", where)
    _org(hub, "KG-POL", where, on="KG")
    _org(kg, "KG-POL", where)
    for node, owner, members in (
        (kz, "KZ-POL", ("KG-POL",)),  # KG's police, reached through the hub
        (hub, "RCTC", ("KG-POL",)),
        (kg, "KG-POL", ()),
    ):
        cli(node, "group", "add", "TASK-FORCE", "--owner", owner, cwd=where)
        for member in members:
            cli(node, "group", "add-member", "TASK-FORCE", member, cwd=where)
    cli(kz, "user", "add", "kz-analyst", "--org", "KZ-POL", "--role", "investigator",
        "--password", "long enough password", cwd=where)  # fmt: skip
    (where / "person.yaml").write_text(PERSON_PROFILE.format(kind="person"))
    (where / "group.csv").write_text("id,full_name,sex\nP1,Group Suspect,male\n")
    (where / "h2.csv").write_text("id,full_name,sex\nP2,Handled Suspect,male\n")
    group = ("--distribution", "group", "--group", "TASK-FORCE", "--user", "kz-analyst")
    cli(kz, "import", "group.csv", "--profile", "person.yaml", *group, cwd=where)
    masters = {node.name: where / f"{node.name}-master.key" for node in (kz, kg)}
    for node in (kz, kg):
        cli(node, "vault", "keygen", str(masters[node.name]), cwd=where)
    (where / "victim.yaml").write_text(PERSON_PROFILE.format(kind="victim"))
    (where / "victims.csv").write_text(f"id,full_name,sex\nV1,{VICTIM_NAME},female\n")
    cli(kz, "import", "victims.csv", "--profile", "victim.yaml", *group, cwd=where,
        AMANAT_MASTER_KEY_FILE=str(masters["KZ"]))  # fmt: skip
    _consent(kz, "KG-POL")
    cli(kz, "import", "h2.csv", "--profile", "person.yaml", "--user", "kz-analyst",
        "--distribution", "community", "--tlp", "GREEN", "--handling", "H2", cwd=where)  # fmt: skip

    def carry(sender: Node, receiver: Node, name: str) -> dict[str, list[dict[str, Any]]]:
        path = where / name
        cli(sender, "federation", "export", "--to", receiver.name, "--out", str(path),
            "--key-file", str(sender.key_file), cwd=where,
            AMANAT_MASTER_KEY_FILE=str(masters["KZ"]))  # fmt: skip
        ok(receiver, "federation", "import", str(path), "--key-file", str(receiver.key_file),
           cwd=where, AMANAT_MASTER_KEY_FILE=str(masters["KG"]))  # fmt: skip
        bundle: dict[str, list[dict[str, Any]]] = json.loads(path.read_bytes())["bundle"]
        return bundle

    carry(kz, hub, "kz-hub-1.json")
    assert _held(hub) == {"Group Suspect": "H0", "Handled Suspect": "H2"}
    onward = carry(hub, kg, "hub-kg-1.json")
    assert _held(kg) == {"Group Suspect": "H0"}  # H2 stops at the hub
    people = [r for r in onward["records"] if r["kind"] == "person"]
    (record,) = [r for r in people if "pseudonym" not in r]
    (victim,) = [r for r in people if "pseudonym" in r]
    assert record["origin"] == "KZ" and record["hops"] == ["KZ", "HUB"]
    # Her identity: sealed by KZ to KG's key, relayed by the hub, kept at KG alone.
    assert [i["org"] for i in victim["identities"]] == ["KG-POL"]
    assert isinstance(victim["pseudonym"], str) and "Aigerim" not in json.dumps(onward)
    assert sql(kg, "SELECT count(*) FROM federation_identity") == [(1,)]
    assert sql(hub, "SELECT count(*) FROM federation_identity") == [(0,)]
    hub_files = b"".join(p.read_bytes() for p in where.glob("HUB.sqlite*"))
    assert VICTIM_NAME.encode() not in hub_files
    assert onward["hops"] == ["KZ", "HUB"]
    # KG knows the copy as KZ's, owned by KZ's police (registered from the bundle).
    origins = "SELECT DISTINCT n.name FROM person p JOIN node n ON n.id = p.origin_node_id"
    assert sql(kg, origins) == [("KZ",)]
    assert sql(kg, "SELECT o.code FROM organisation o JOIN node n ON n.id = o.node_id "
               "WHERE n.name = 'KZ'") == [("KZ-POL",)]  # fmt: skip

    # KZ narrows the marking (owner only): the hub withdraws it, and so does KG.
    cli(kz, "import", "group.csv", "--profile", "person.yaml", "--user", "kz-analyst", cwd=where)
    assert len(carry(kz, hub, "kz-hub-2.json")["withdrawn"]) == 1
    assert "Group Suspect" not in _held(hub)
    assert len(carry(hub, kg, "hub-kg-2.json")["withdrawn"]) == 1
    assert _held(kg) == {}
    assert trail(kg, "federation_bundle_received")[-1]["withdrawn"] == 1

    # A hub that sent KZ's record back to KZ: refused, nothing written, audited.
    looped = dict(json.loads((where / "hub-kg-1.json").read_bytes())["bundle"], to="KZ")
    path = where / "looped.json"
    path.write_bytes(sealed(looped, hub.private_key))
    before = sql(kz, "SELECT global_id, version FROM person ORDER BY id")
    error = refused(kz, "federation", "import", str(path), cwd=where)
    assert "hops" in error and "a loop" in error
    assert sql(kz, "SELECT global_id, version FROM person ORDER BY id") == before
    entry = trail(kz, "federation_bundle_refused")[-1]
    assert entry["field"] == "hops" and entry["sender"] == "HUB"

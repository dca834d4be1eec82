"""`amanat federation export|import|status` between two registers, each its own node
(KZ and KG, SQLite), driven as an operator runs them: what a marking lets reach an
organisation of the other node arrives there and nothing else does, a victim's
identity never leaves, a replay changes nothing, and a bundle that is tampered with,
signed by an unpinned key, edits another node's record or loops is refused and
audited with the field and value."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select, text
from tests.cli.test_readme_commands import serving, user_environment
from typer.testing import CliRunner

from amanat.access.audit import load_private_key, public_key_base64
from amanat.access.audit_store import AuditRecord
from amanat.actions import records
from amanat.cli.door import acting_as
from amanat.cli.main import app
from amanat.federation.bundle import sealed
from amanat.federation.requests import signed_headers
from amanat.register import Person, PersonName
from amanat.store.engine import make_engine

AMANAT = str(Path(sys.executable).parent / "amanat")
runner = CliRunner()
VICTIM_NAME = "Aigerim Victimova"
PERSON_PROFILE = """amanat_profile: 1
kind: {kind}
id: id
columns:
  full_name: name.full_name
  sex: sex
"""


@dataclass(frozen=True)
class Node:
    name: str
    url: str
    key_file: Path

    @property
    def public_key(self) -> str:
        return public_key_base64(self.private_key.public_key())

    @property
    def private_key(self) -> Ed25519PrivateKey:
        return load_private_key(self.key_file, "node key")


def amanat(node: Node, *arguments: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AMANAT_")}
    return subprocess.run(
        [AMANAT, *arguments],
        env={**clean, "AMANAT_DATABASE_URL": node.url, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def ok(node: Node, *arguments: str, cwd: Path, **env: str) -> str:
    done = amanat(node, *arguments, cwd=cwd, **env)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def cli(node: Node, *arguments: str, cwd: Path, **env: str) -> str:
    """A command run in this process: the setting up around what a test is about (each
    process start costs seconds on a loaded machine)."""
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        done = runner.invoke(app, list(arguments), env={"AMANAT_DATABASE_URL": node.url, **env})
    finally:
        os.chdir(previous)
    assert done.exit_code == 0, done.output
    return done.output


def refused(node: Node, *arguments: str, cwd: Path) -> str:
    done = amanat(node, *arguments, cwd=cwd)
    assert done.returncode == 1, done.stdout + done.stderr
    return done.stderr


def sql(node: Node, query: str) -> list[Any]:
    engine = make_engine(node.url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(text(query)))
    finally:
        engine.dispose()


def trail(node: Node, action: str) -> list[dict[str, Any]]:
    engine = make_engine(node.url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(AuditRecord.detail).where(AuditRecord.action == action)
                .order_by(AuditRecord.seq)
            )  # fmt: skip
            return [json.loads(row[0]) for row in rows]
    finally:
        engine.dispose()


def new_node(name: str, where: Path) -> Node:
    node = Node(name, f"sqlite:///{where / name}.sqlite", where / f"{name}.pem")
    cli(node, "init", cwd=where)
    cli(node, "node", "init", name, "--key-file", str(node.key_file), cwd=where)
    return node


@dataclass(frozen=True)
class Federation:
    kz: Node
    kg: Node
    where: Path


@pytest.fixture(scope="module")
def federation(tmp_path_factory: pytest.TempPathFactory) -> Federation:
    """KZ police share with the regional task force, which includes the Kyrgyz police
    on node KG; each node knows the other's organisation and the group."""
    where = tmp_path_factory.mktemp("federation")
    kz, kg = new_node("KZ", where), new_node("KG", where)
    cli(kz, "node", "add", "KG", "http://127.0.0.1:1", kg.public_key, cwd=where)
    cli(kg, "node", "add", "KZ", "http://127.0.0.1:2", kz.public_key, cwd=where)
    for node, home, other, other_node in (
        (kz, "KZ-POL", "KG-POL", "KG"),
        (kg, "KG-POL", "KZ-POL", "KZ"),
    ):
        cli(node, "org", "add", home, f"{home} police", "--kind", "police", cwd=where)
        cli(
            node,
            "org",
            "add",
            other,
            f"{other} police",
            "--kind",
            "police",
            "--node",
            other_node,
            cwd=where,
        )
        cli(node, "group", "add", "TASK-FORCE", "--owner", home, cwd=where)
        cli(node, "group", "add-member", "TASK-FORCE", other, cwd=where)
        cli(node, "user", "add", f"{home.lower()}-analyst", "--org", home, "--role", "investigator",
           "--password", "long enough password", cwd=where)  # fmt: skip
    master = where / "master.key"
    cli(kz, "vault", "keygen", str(master), cwd=where)
    for kind in ("person", "victim"):
        (where / f"{kind}.yaml").write_text(PERSON_PROFILE.format(kind=kind))
    (where / "shared.csv").write_text("id,full_name,sex\nP1,Shared Suspect,male\n")
    (where / "secret.csv").write_text("id,full_name,sex\nS1,Owner Only Suspect,male\n")
    (where / "victims.csv").write_text(f"id,full_name,sex\nV1,{VICTIM_NAME},female\n")
    group = ("--distribution", "group", "--group", "TASK-FORCE")
    user = ("--user", "kz-pol-analyst")
    cli(kz, "import", "shared.csv", "--profile", "person.yaml", *user, *group, cwd=where)
    cli(kz, "import", "secret.csv", "--profile", "person.yaml", *user, cwd=where)
    cli(kz, "import", "victims.csv", "--profile", "victim.yaml", *user, *group, cwd=where,
       AMANAT_MASTER_KEY_FILE=str(master))  # fmt: skip
    return Federation(kz, kg, where)


def export(federation: Federation, out: str, *extra: str) -> Path:
    path = federation.where / out
    ok(federation.kz, "federation", "export", "--to", "KG", "--out", str(path),
       "--key-file", str(federation.kz.key_file), *extra, cwd=federation.where)  # fmt: skip
    return path


def seen_by_kg(federation: Federation) -> dict[str, Any]:
    out = federation.where / "kg-view.json"
    cli(federation.kg, "export", "--format", "json", "--user", "kg-pol-analyst",
       "--output", str(out), cwd=federation.where)  # fmt: skip
    records: dict[str, Any] = json.loads(out.read_text())["records"]
    return records


def records_of(node: Node) -> list[Any]:
    return sql(node, "SELECT global_id, version, org_id, distribution FROM person ORDER BY id")


def test_a_group_record_reaches_kg_and_an_owner_only_record_does_not(
    federation: Federation,
) -> None:
    bundle = export(federation, "first.json", "--after", "0")
    raw = bundle.read_bytes()
    assert b"Shared Suspect" in raw
    assert b"Owner Only Suspect" not in raw
    # A victim's identity never leaves: only her pseudonym (in any encoding).
    assert VICTIM_NAME.encode() not in raw and b"Victimova" not in raw
    assert json.dumps(VICTIM_NAME).encode() not in raw
    out = ok(federation.kg, "federation", "import", str(bundle), cwd=federation.where)
    assert "3 new, 0 updated, 0 unchanged" in out
    seen = seen_by_kg(federation)
    names = [n["full_name"] for p in seen["person"] for n in p["names"]]
    assert names == ["Shared Suspect"]
    assert len(seen["person"]) == 2 and len(seen["victim"]) == 1
    assert all(p["origin_node_id"] is not None for p in seen["person"])
    # Both trails hold the bundle's hash.
    sent, received = (
        trail(federation.kz, "federation_bundle_sent"),
        trail(federation.kg, "federation_bundle_received"),
    )
    assert sent[-1]["sha256"] == received[-1]["sha256"]
    assert sent[-1]["records"] == 3 and received[-1]["inserted"] == 3
    status = ok(federation.kg, "federation", "status", cwd=federation.where)
    assert (
        "KZ" in status
        and sql(federation.kg, "SELECT received_seq FROM node WHERE name='KZ'")[0][0] > 0
    )


def test_replaying_or_reordering_bundles_changes_nothing(federation: Federation) -> None:
    first = export(federation, "again.json", "--after", "0")
    cli(federation.kg, "federation", "import", str(first), cwd=federation.where)
    before = records_of(federation.kg)
    assert len(before) == 2
    # An edit at KZ (a new version), taken, then the old bundle replayed.
    (federation.where / "shared2.csv").write_text("id,full_name,sex\nP1,Shared Suspect,female\n")
    cli(federation.kz, "import", "shared2.csv", "--profile", "person.yaml", "--user",
       "kz-pol-analyst", "--distribution", "group", "--group", "TASK-FORCE",
       cwd=federation.where)  # fmt: skip
    newer = export(federation, "newer.json")
    ok(federation.kg, "federation", "import", str(newer), cwd=federation.where)
    after_edit = records_of(federation.kg)
    for replay in (first, newer):
        out = ok(federation.kg, "federation", "import", str(replay), cwd=federation.where)
        assert " 0 new, 0 updated" in out
        assert records_of(federation.kg) == after_edit


def forged(federation: Federation, signer: Ed25519PrivateKey, **changes: Any) -> Path:
    """A bundle from KG to KZ carrying KZ's own record, signed by ``signer``."""
    base = federation.where / "base.json"
    cli(federation.kz, "federation", "export", "--to", "KG", "--after", "0", "--out", str(base),
        "--key-file", str(federation.kz.key_file), cwd=federation.where)  # fmt: skip
    original = json.loads(base.read_bytes())
    bundle = {**original["bundle"], "from": "KG", "to": "KZ", "hops": ["KG"]}
    bundle["records"] = [{**bundle["records"][0], "origin": "KG", "hops": ["KG"]}]
    bundle.update(changes)
    path = federation.where / "forged.json"
    path.write_bytes(sealed(bundle, signer))
    return path


def refusal(node: Node, field: str) -> dict[str, Any]:
    found = [entry for entry in trail(node, "federation_bundle_refused") if entry["field"] == field]
    assert found, f"no refusal of {field} in the trail"
    return found[-1]


def test_a_tampered_bundle_is_refused_and_audited(federation: Federation) -> None:
    bundle = export(federation, "tamper.json", "--after", "0")
    tampered = federation.where / "tampered.json"
    tampered.write_bytes(bundle.read_bytes().replace(b"Shared Suspect", b"Shared Suspekt"))
    before = records_of(federation.kg)
    error = refused(federation.kg, "federation", "import", str(tampered), cwd=federation.where)
    assert "signature" in error and "does not verify" in error
    assert records_of(federation.kg) == before
    assert refusal(federation.kg, "signature")["sender"] == "KZ"
    status = ok(federation.kg, "federation", "status", cwd=federation.where)
    assert "signature" in status


def test_a_bundle_signed_by_an_unpinned_key_is_refused_and_audited(
    federation: Federation,
) -> None:
    stranger = Ed25519PrivateKey.generate()
    path = forged(federation, stranger)
    error = refused(federation.kz, "federation", "import", str(path), cwd=federation.where)
    assert "key" in error and "not the key of a peer pinned here" in error
    entry = refusal(federation.kz, "key")
    assert entry["sender"] is None and entry["sha256"]


def test_an_edit_by_a_node_that_is_not_the_origin_is_refused(federation: Federation) -> None:
    path = forged(federation, federation.kg.private_key)
    before = records_of(federation.kz)
    error = refused(federation.kz, "federation", "import", str(path), cwd=federation.where)
    assert "records[0].global_id" in error and "only its origin changes it" in error
    assert records_of(federation.kz) == before
    assert refusal(federation.kz, "records[0].global_id")["sender"] == "KG"


def test_a_bundle_that_has_been_here_is_refused_as_a_loop(federation: Federation) -> None:
    path = forged(federation, federation.kg.private_key, hops=["KZ", "KG"])
    error = refused(federation.kz, "federation", "import", str(path), cwd=federation.where)
    assert "hops" in error and "a loop" in error
    assert refusal(federation.kz, "hops")["value"] == "KZ,KG"


def test_export_refuses_an_unknown_peer_and_a_key_that_is_not_this_nodes(
    federation: Federation,
) -> None:
    where = federation.where
    out = ("--out", str(where / "x.json"))
    kz_key, kg_key = str(federation.kz.key_file), str(federation.kg.key_file)
    error = refused(federation.kz, "federation", "export", "--to", "UZ", *out, "--key-file",
                    kz_key, cwd=where)  # fmt: skip
    assert "--to: 'UZ'" in error
    error = refused(federation.kz, "federation", "export", "--to", "KG", *out, "--key-file",
                    kg_key, cwd=where)  # fmt: skip
    assert "AMANAT_NODE_KEY_FILE" in error and "is not the key of this node 'KZ'" in error
    assert not (where / "x.json").exists()


def page(answer: httpx.Response) -> str:
    """An answer's text without its form token (new on every page) and the path it
    echoes (the language switch's way back)."""
    return re.sub(r'name="(form_token|back)" value="[^"]*"', "", answer.text)


def test_kg_pulls_kz_feed_over_http_and_a_stranger_finds_nothing(federation: Federation) -> None:
    where = federation.where
    (where / "online.csv").write_text("id,full_name,sex\nP9,Online Suspect,male\n")
    group = ("--distribution", "group", "--group", "TASK-FORCE")
    cli(federation.kz, "import", "online.csv", "--profile", "person.yaml", "--user",
        "kz-pol-analyst", *group, cwd=where)  # fmt: skip
    folder = where / "kz-served"
    folder.mkdir()
    env = user_environment(
        AMANAT_DATABASE_URL=federation.kz.url,
        AMANAT_NODE_KEY_FILE=str(federation.kz.key_file),
        AMANAT_SECURE_COOKIES="false",
    )
    with serving(["serve"], folder, env, 120) as server:
        engine = make_engine(federation.kg.url)  # KZ's URL, as served now
        with engine.begin() as connection:
            connection.execute(text("UPDATE node SET url = :u WHERE name='KZ'"), {"u": server.url})
        engine.dispose()
        out = ok(federation.kg, "federation", "pull", "KZ", "--limit", "2",
                 "--key-file", str(federation.kg.key_file), cwd=where)  # fmt: skip
        assert "Pulled" in out and "1 new" in out
        # Unsigned, or signed by a key not pinned there: exactly what a missing path gets.
        absent = httpx.get(f"{server.url}/federation/v1/none")
        stranger = signed_headers("KG", Ed25519PrivateKey.generate(), 0, 10, int(time.time()))
        for headers in ({}, stranger):
            answer = httpx.get(
                f"{server.url}/federation/v1/feed",
                params={"after": 0, "limit": 10},
                headers=headers,
            )
            assert (answer.status_code, page(answer)) == (absent.status_code, page(absent))
        following(federation, group)
    names = [n["full_name"] for p in seen_by_kg(federation)["person"] for n in p["names"]]
    assert "Online Suspect" in names and "Later Suspect" in names
    latest = sql(federation.kz, "SELECT max(seq) FROM federation_change")[0][0]
    assert sql(federation.kg, "SELECT received_seq FROM node WHERE name = 'KZ'")[0][0] == latest
    # KG's cursor in its last request acknowledged everything up to it, at KZ.
    assert sql(federation.kz, "SELECT acknowledged_seq FROM node WHERE name = 'KG'")[0][0] == latest
    sent = trail(federation.kz, "federation_bundle_sent")
    assert any(entry.get("online") for entry in sent)


def following(federation: Federation, group: tuple[str, ...]) -> None:
    """``pull --every``: KG follows KZ, and a record written at KZ later arrives alone."""
    where = federation.where
    command = [AMANAT, "federation", "pull", "KZ", "--every", "0.2",
               "--key-file", str(federation.kg.key_file)]  # fmt: skip
    env = {**user_environment(AMANAT_DATABASE_URL=federation.kg.url)}
    follower = subprocess.Popen(command, cwd=where, env=env, stdout=subprocess.PIPE, text=True)
    try:
        (where / "later.csv").write_text("id,full_name,sex\nP10,Later Suspect,male\n")
        cli(federation.kz, "import", "later.csv", "--profile", "person.yaml", "--user",
            "kz-pol-analyst", *group, cwd=where)  # fmt: skip
        deadline = time.monotonic() + 90
        while "Later Suspect" not in kg_names(federation) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert "Later Suspect" in kg_names(federation)
        assert follower.poll() is None  # still following
    finally:
        follower.terminate()
        said, _ = follower.communicate(timeout=30)
    # Only the page that brought something is said, not each look for newer changes.
    assert said.count("Bundle from KZ") == 1 and "1 new" in said, said


def kg_names(federation: Federation) -> list[str]:
    return [n["full_name"] for p in seen_by_kg(federation)["person"] for n in p["names"]]


def test_a_deleted_or_narrowed_record_is_withdrawn_at_kg_and_a_replay_does_not_bring_it_back(
    federation: Federation,
) -> None:
    kz, kg, where = federation.kz, federation.kg, federation.where
    (where / "gone.csv").write_text(
        "id,full_name,sex\nW1,Narrowed Suspect,male\nW2,Deleted Suspect,male\n"
    )
    cli(kz, "import", "gone.csv", "--profile", "person.yaml", "--user", "kz-pol-analyst",
        "--distribution", "group", "--group", "TASK-FORCE", cwd=where)  # fmt: skip
    brought = export(federation, "withdraw-1.json")
    ok(kg, "federation", "import", str(brought), cwd=where)
    assert {"Narrowed Suspect", "Deleted Suspect"} <= set(kg_names(federation))
    # At KZ: one record narrowed to its owner (re-imported without the group), the
    # other deleted by its analyst (the record.delete action, as the API runs it).
    (where / "narrow.csv").write_text("id,full_name,sex\nW1,Narrowed Suspect,male\n")
    cli(kz, "import", "narrow.csv", "--profile", "person.yaml", "--user", "kz-pol-analyst",
        cwd=where)  # fmt: skip
    engine = make_engine(kz.url)
    try:
        with acting_as(engine, "kz-pol-analyst") as ctx:
            deleted = ctx.session.scalar(
                select(Person).join(PersonName).where(PersonName.full_name == "Deleted Suspect")
            )
            secret = ctx.session.scalar(
                select(Person).join(PersonName).where(PersonName.full_name == "Owner Only Suspect")
            )
            assert deleted is not None and secret is not None
            records.delete_record(ctx, "person", deleted.id, "entered twice", deleted.version)
            # Never sent to KG: its deletion sends KG nothing, not even its global id.
            records.delete_record(ctx, "person", secret.id, "entered twice", secret.version)
            secret_id = secret.global_id
    finally:
        engine.dispose()
    withdrawing = export(federation, "withdraw-2.json")
    raw = withdrawing.read_bytes()
    bundle = json.loads(raw)["bundle"]
    assert bundle["records"] == [] and len(bundle["withdrawn"]) == 2
    assert b"Suspect" not in raw  # a tombstone names the record, nothing of it
    assert secret_id.encode() not in raw
    out = ok(kg, "federation", "import", str(withdrawing), cwd=where)
    assert "2 withdrawn" in out
    names = kg_names(federation)
    assert "Narrowed Suspect" not in names and "Deleted Suspect" not in names
    assert "Shared Suspect" in names
    # Replays, of the bundle that brought them and of the withdrawal, change nothing.
    for replay in (brought, withdrawing):
        out = ok(kg, "federation", "import", str(replay), cwd=where)
        assert " 0 new, 0 updated" in out and " 0 withdrawn" in out
    assert not {"Narrowed Suspect", "Deleted Suspect"} & set(kg_names(federation))
    copies = sql(kg, "SELECT count(*) FROM person WHERE deleted_at IS NOT NULL")[0][0]
    assert copies == 2
    assert trail(kg, "federation_bundle_received")[-3]["withdrawn"] == 2
    assert trail(kz, "federation_bundle_sent")[-1]["withdrawn"] == 2
    status = ok(kz, "federation", "status", cwd=where)
    rows = [[c.strip() for c in line.split("┃" if "┃" in line else "│")]
            for line in status.splitlines() if "│" in line or "┃" in line]  # fmt: skip
    kg_row = next(row for row in rows if row[1] == "KG")
    # The tombstones sent to KG, which has not acknowledged them yet.
    assert kg_row[rows[0].index("unacked tombstones")] == "2", status
    assert sql(kz, "SELECT count(*) FROM federation_copy WHERE withdrawn")[0][0] == 2


def test_a_withdrawal_that_arrives_before_its_record_keeps_it_out(
    federation: Federation, tmp_path: Path
) -> None:
    """A third node, LATE, gets KZ's tombstones before the bundle with the record."""
    kz, where = federation.kz, federation.where
    late = new_node("LATE", tmp_path)
    cli(kz, "node", "add", "LATE", "http://127.0.0.1:3", late.public_key, cwd=where)
    cli(late, "node", "add", "KZ", "http://127.0.0.1:2", kz.public_key, cwd=where)
    cli(kz, "org", "add", "LATE-POL", "Late police", "--kind", "police", "--node", "LATE",
        cwd=where)  # fmt: skip
    cli(late, "org", "add", "LATE-POL", "Late police", "--kind", "police", cwd=where)
    cli(kz, "group", "add-member", "TASK-FORCE", "LATE-POL", cwd=where)
    (where / "late.csv").write_text("id,full_name,sex\nL1,Late Suspect,male\n")
    group = ("--distribution", "group", "--group", "TASK-FORCE")
    cli(kz, "import", "late.csv", "--profile", "person.yaml", "--user", "kz-pol-analyst",
        *group, cwd=where)  # fmt: skip
    path = where / "late-1.json"
    key = ("--key-file", str(kz.key_file))
    ok(kz, "federation", "export", "--to", "LATE", "--out", str(path), *key, cwd=where)
    cli(kz, "import", "late.csv", "--profile", "person.yaml", "--user", "kz-pol-analyst",
        cwd=where)  # fmt: skip
    withdrawal = where / "late-2.json"
    ok(kz, "federation", "export", "--to", "LATE", "--out", str(withdrawal), *key, cwd=where)
    assert len(json.loads(withdrawal.read_bytes())["bundle"]["withdrawn"]) == 1
    out = ok(late, "federation", "import", str(withdrawal), cwd=where)
    assert "0 withdrawn" in out  # no copy yet, but the tombstone is kept
    out = ok(late, "federation", "import", str(path), cwd=where)
    assert " 1 unchanged" in out  # the group's other records are new there
    assert sql(late, "SELECT count(*) FROM person_name WHERE full_name = 'Late Suspect'")[0][0] == 0

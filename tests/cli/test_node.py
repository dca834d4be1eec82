"""`amanat node init|add|list` as an operator runs them, on SQLite and PostgreSQL: this
node's key pair (the private half in a 0600 file, never in the database), peers pinned
by public key, organisations of other nodes in sharing groups, each step audited, and
every bad input refused naming the field and the value, with nothing written."""

from __future__ import annotations

import base64
import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from sqlalchemy import select
from tests.databases import postgres_database

from amanat.access.audit_store import AuditRecord
from amanat.store.engine import make_engine
from amanat.store.schema import metadata

AMANAT = str(Path(sys.executable).parent / "amanat")
HUB_KEY = base64.b64encode(bytes(range(32))).decode()  # any 32 bytes are an Ed25519 key
KG_KEY = base64.b64encode(bytes(range(100, 132))).decode()


@pytest.fixture(params=("sqlite", "postgresql"))
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'register.sqlite'}"
        return
    yield postgres_database(request.getfixturevalue("postgres_url"), "node_cli")


def amanat(database: str, *arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AMANAT_")}
    return subprocess.run(
        [AMANAT, *arguments],
        env={**env, "AMANAT_DATABASE_URL": database},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def ok(database: str, *arguments: str, cwd: Path) -> str:
    done = amanat(database, *arguments, cwd=cwd)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def refused(database: str, *arguments: str, cwd: Path) -> str:
    done = amanat(database, *arguments, cwd=cwd)
    assert done.returncode == 1, done.stdout + done.stderr
    return done.stderr


def dump(database: str) -> str:
    """Every row of every table, as text (to search for the private key)."""
    engine = make_engine(database)
    try:
        with engine.connect() as connection:
            return "\n".join(
                repr(row) for table in metadata().sorted_tables for row in connection.execute(
                    select(table)
                )
            )  # fmt: skip
    finally:
        engine.dispose()


def entries(database: str) -> list[tuple[str, dict[str, object]]]:
    engine = make_engine(database)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(AuditRecord.action, AuditRecord.detail).order_by(AuditRecord.seq)
            )
            return [(action, json.loads(detail)) for action, detail in rows]
    finally:
        engine.dispose()


def test_a_node_is_initialised_pins_peers_and_lists_them(database: str, tmp_path: Path) -> None:
    ok(database, "init", cwd=tmp_path)
    said = ok(database, "node", "init", "KZ", "--key-file", "kz.pem", "--url", "https://kz.example/",
              cwd=tmp_path)  # fmt: skip
    key_file = tmp_path / "kz.pem"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    private = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
    raw = private.public_key().public_bytes(  # type: ignore[union-attr]
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    public = base64.b64encode(raw).decode()
    assert f"Public key (give it to the peers): {public}" in said
    fingerprint = said.split("Fingerprint: ")[1].strip()

    ok(database, "node", "add", "HUB", "https://hub.example", HUB_KEY, cwd=tmp_path)
    ok(database, "node", "add", "KG", "http://10.0.0.7:8000", KG_KEY, cwd=tmp_path)
    ok(database, "org", "add", "KZ-POL", "Kazakh police", "--kind", "police", cwd=tmp_path)
    said = ok(database, "org", "add", "KG-POL", "Kyrgyz police", "--kind", "police",
              "--node", "KG", cwd=tmp_path)  # fmt: skip
    assert "registered on node KG" in said
    # A sharing group across nodes: the Kyrgyz police, on node KG, is a member here.
    ok(database, "group", "add", "TASK-FORCE", "--owner", "KZ-POL", cwd=tmp_path)
    assert "member" in ok(database, "group", "add-member", "TASK-FORCE", "KG-POL", cwd=tmp_path)

    shown = ok(database, "node", "list", cwd=tmp_path).splitlines()
    rows = [[cell.strip() for cell in line.split("│")[1:-1]] for line in shown if line[:1] == "│"]
    # The last column: the hub a peer is reached through (none here: each directly).
    assert rows[0] == ["KZ", "https://kz.example", fingerprint, "yes", "1", ""]
    assert [row[0] for row in rows[1:]] == ["HUB", "KG"]
    assert rows[2][1:] == ["http://10.0.0.7:8000", rows[2][2], "no", "1", ""]
    assert rows[1][3:] == ["no", "0", ""] and len({row[2] for row in rows}) == 3

    stored = dump(database)
    private_text = private.private_bytes(  # type: ignore[union-attr]
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    assert public in stored
    assert base64.b64encode(private_text).decode() not in stored
    assert "PRIVATE KEY" not in stored
    audited = [(a, d) for a, d in entries(database) if a.startswith("node_")]
    assert [(a, d["name"], d["via"]) for a, d in audited] == [
        ("node_initialised", "KZ", "system operator"),
        ("node_added", "HUB", "system operator"),
        ("node_added", "KG", "system operator"),
    ]
    assert audited[0][1]["key_fingerprint"] == fingerprint
    assert ("organisation_added", "KG") in [(a, d.get("node")) for a, d in entries(database)]


def test_bad_input_is_refused_naming_the_field_and_the_value(database: str, tmp_path: Path) -> None:
    ok(database, "init", cwd=tmp_path)
    ok(database, "node", "init", "KZ", "--key-file", "kz.pem", cwd=tmp_path)
    before = len(entries(database))
    # Once only: peers have pinned this node's key.
    assert "NAME: 'KZ2' cannot be given: this node is already initialised as 'KZ'" in refused(
        database, "node", "init", "KZ2", "--key-file", "kz2.pem", cwd=tmp_path
    )
    assert not (tmp_path / "kz2.pem").exists()
    assert "key file already exists, not overwritten" in refused(
        database, "node", "init", "KZ", "--key-file", "kz.pem", cwd=tmp_path
    )
    # One of each field here; every kind of bad value in tests/federation/test_nodes.py.
    for arguments, message in (
        (("HUB", "ftp://hub.example", HUB_KEY), "URL: 'ftp://hub.example' is not an http"),
        (("HUB", "https://hub.example", "not-a-key"), "KEY: 'not-a-key' is not an Ed25519"),
        (("HUB X", "https://hub.example", HUB_KEY), "NAME: 'HUB X' is not a node name"),
    ):
        assert message in refused(database, "node", "add", *arguments, cwd=tmp_path)
    ok(database, "node", "add", "HUB", "https://hub.example", HUB_KEY, cwd=tmp_path)
    assert "NAME: 'HUB' is the name of a node already known here" in refused(
        database, "node", "add", "HUB", "https://other.example", KG_KEY, cwd=tmp_path
    )
    assert "is already the key of node 'HUB'" in refused(
        database, "node", "add", "KG", "https://kg.example", HUB_KEY, cwd=tmp_path
    )
    assert "--node: 'NOPE' is not a known node" in refused(
        database, "org", "add", "X", "X", "--kind", "police", "--node", "NOPE", cwd=tmp_path
    )
    ok(database, "org", "add", "HUB-C", "Centre", "--kind", "police", "--node", "HUB", cwd=tmp_path)
    # Its people sign in on their own node.
    assert "works on another node" in refused(
        database, "user", "add", "u", "--org", "HUB-C", "--role", "investigator",
        "--password", "correct horse battery", cwd=tmp_path,
    )  # fmt: skip
    # Refusals write nothing: one node added, one organisation, and their entries.
    actions = [a for a, _ in entries(database)[before:]]
    assert actions == ["node_added", "organisation_added"]

"""`amanat audit rotate-signing-key` as the operator runs it, and `amanat audit verify`
across the rotation: each key within its period, a retired key refused after it."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.cli.conftest import KeyRegister

from amanat.access import audit, audit_store
from amanat.access.audit_keys import AuditSigningKey
from amanat.access.audit_store import AuditRecord, add_checkpoint, checkpoints, to_entry
from amanat.store.engine import make_engine


def keygen(register: KeyRegister, name: str) -> tuple[str, str]:
    """A key pair, as `amanat audit keygen` writes it (run in test_keys_doc.py)."""
    signing, verify = register.folder / f"{name}.pem", register.folder / f"{name}.pub"
    audit.write_verify_key_file(verify, audit.generate_signing_key_file(signing))
    return str(signing), str(verify)


def activity(register: KeyRegister) -> None:
    """An entry in the trail, as any action writes one."""
    with Session(make_engine(register.url)) as session, session.begin():
        audit_store.append(session, "read", target_kind="person", target_id=1)


def test_verify_across_a_signing_key_rotation(key_register: KeyRegister) -> None:
    old, old_pub = keygen(key_register, "old")
    new, new_pub = str(key_register.folder / "new.pem"), str(key_register.folder / "new.pub")
    activity(key_register)  # an entry for the old key to sign
    signed = key_register.ok("audit", "checkpoint", "--signing-key", old)
    assert "Signed entry" in signed
    out = key_register.ok(
        "audit",
        "rotate-signing-key",
        "--signing-key",
        old,
        "--generate",
        "--new",
        new,
        "--new-verify-key",
        new_pub,
    )
    old_key = audit.load_verify_key(key_register.folder / "old.pub", {})
    new_key = audit.load_verify_key(key_register.folder / "new.pub", {})
    old_id, new_id = audit.public_key_id(old_key), audit.public_key_id(new_key)
    assert f"Checkpoint key {old_id} retired and key {new_id} in use" in out
    activity(key_register)  # an entry after the rotation
    key_register.ok("audit", "checkpoint", "--signing-key", new)

    both = key_register.ok("audit", "verify", "--verify-key", old_pub, "--verify-key", new_pub)
    assert "Audit trail intact" in both
    alone = key_register.run("audit", "verify", "--verify-key", new_pub)
    assert alone.returncode == 1 and "signed by an unknown key" in alone.stderr

    # The retired key may not sign any more...
    refused = key_register.run("audit", "checkpoint", "--signing-key", old)
    assert refused.returncode == 1
    assert f"audit signing key {old_id} is retired; the current signing key is {new_id}" in (
        refused.stderr
    )
    # ...and a checkpoint it signs anyway, for a later entry, fails verification.
    private = audit.load_signing_key(key_register.folder / "old.pem", {})
    with Session(make_engine(key_register.url)) as session, session.begin():
        last = session.scalars(select(AuditRecord).order_by(AuditRecord.seq.desc())).first()
        assert last is not None
        number = max(c.number or 0 for c in checkpoints(session)) + 1
        add_checkpoint(session, audit.sign_checkpoint(private, to_entry(last), number))
        periods = {row.key_id: row for row in session.scalars(select(AuditSigningKey))}
        assert periods[old_id].valid_to == periods[new_id].valid_from
        assert periods[new_id].public_key == audit.public_key_base64(new_key)
    forged = key_register.run("audit", "verify", "--verify-key", old_pub, "--verify-key", new_pub)
    assert forged.returncode == 1
    assert f"signed by key {old_id} after its retirement" in forged.stderr

    with Session(make_engine(key_register.url)) as session:
        [entry] = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "signing_key_rotated")
        ).all()
    assert json.loads(entry.detail)["new_key_id"] == new_id


def test_signing_key_refusals(key_register: KeyRegister) -> None:
    old, _ = keygen(key_register, "old")
    missing = key_register.folder / "missing.pem"
    done = key_register.run(
        "audit", "rotate-signing-key", "--signing-key", old, "--new", str(missing)
    )
    assert done.returncode == 1
    assert f"--new: audit signing key file not found: {missing}" in done.stderr
    done = key_register.run("audit", "rotate-signing-key", "--signing-key", old, "--new", old)
    assert done.returncode == 1 and "is the key in use already" in done.stderr
    done = key_register.run(
        "audit", "rotate-signing-key", "--signing-key", str(missing), "--new", old
    )
    assert done.returncode == 1
    assert f"the key in use: audit signing key file not found: {missing}" in done.stderr
    with Session(make_engine(key_register.url)) as session:
        assert session.scalars(select(AuditSigningKey)).all() == []

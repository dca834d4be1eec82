"""`amanat vault`: rotating the master key and a data key as the operator runs them,
a data key rotation killed midway and resumed, and the refusals."""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
from collections import Counter

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.cli.conftest import AMANAT, KeyRegister

from amanat.access.audit_store import AuditRecord
from amanat.access.identity_vault import OrgKey, ProtectedIdentity, opening_key
from amanat.access.protected_names import ProtectedNameIndex, persons_named
from amanat.access.vault import (
    MasterKey,
    MasterKeyMismatchError,
    field_context,
    load_master_key,
    open_sealed_text,
    unwrap_data_key,
)
from amanat.cli.demo import DEMO_SEED
from amanat.demo.region.sealing import demo_master_key
from amanat.register import Organisation, Person
from amanat.store.engine import make_engine

OLD = demo_master_key(DEMO_SEED)


def session_of(register: KeyRegister) -> Session:
    return Session(make_engine(register.url))


def open_every_identity(register: KeyRegister, master: MasterKey) -> Counter[int]:
    """Open every sealed identity with ``master``; how many under each key version."""
    versions: Counter[int] = Counter()
    with session_of(register) as session:
        rows = session.execute(
            select(ProtectedIdentity, Person.org_id).join(
                Person, Person.id == ProtectedIdentity.person_id
            )
        ).all()
        assert rows, "the demo seals identities"
        for row, org_id in rows:
            key = opening_key(session, master, org_id, row.key_version)
            context = field_context("person", row.person_id, "identity")
            assert json.loads(open_sealed_text(key, row.sealed, context))["names"] is not None
            versions[row.key_version] += 1
    return versions


def entries(register: KeyRegister, action: str) -> list[dict[str, object]]:
    with session_of(register) as session:
        found = session.scalars(select(AuditRecord).where(AuditRecord.action == action))
        return [json.loads(entry.detail) for entry in found]


def busiest_org(register: KeyRegister) -> tuple[str, int]:
    """The code of the organisation with the most sealed identities, and how many."""
    with session_of(register) as session:
        code, count = session.execute(
            select(Organisation.code, func.count())
            .join(Person, Person.org_id == Organisation.id)
            .join(ProtectedIdentity, ProtectedIdentity.person_id == Person.id)
            .group_by(Organisation.code)
            .order_by(func.count().desc())
            .limit(1)
        ).one()
    return code, count


def test_rotating_the_master_key(key_register: KeyRegister) -> None:
    new_file = key_register.folder / "master-2.key"
    key_register.ok("vault", "keygen", str(new_file))
    assert oct(new_file.stat().st_mode & 0o777) == "0o600"
    before = open_every_identity(key_register, OLD)
    out = key_register.ok("vault", "rotate-master-key", "--new", str(new_file))
    new = load_master_key(new_file, {})
    assert f"from {OLD.key_id} to {new.key_id}" in out
    # Every identity opens with the new key, and no data key with the old one.
    assert open_every_identity(key_register, new) == before
    with session_of(key_register) as session:
        keys = session.scalars(select(OrgKey)).all()
        assert keys and all(row.master_key_id == new.key_id for row in keys)
        for row in keys:
            with pytest.raises(MasterKeyMismatchError):
                unwrap_data_key(OLD, row.wrapped_key, row.org_id)
        # The name index, keyed by the master key, was rebuilt under the new key.
        indexed = session.execute(select(ProtectedNameIndex.org_id).limit(1)).scalar_one()
        person = session.scalar(
            select(ProtectedIdentity.person_id)
            .join(Person, Person.id == ProtectedIdentity.person_id)
            .where(Person.org_id == indexed)
            .limit(1)
        )
        row = session.get(ProtectedIdentity, person)
        assert row is not None
        key = opening_key(session, new, indexed, row.key_version)
        context = field_context("person", row.person_id, "identity")
        name = json.loads(open_sealed_text(key, row.sealed, context))["names"][0]
        word = str(name.get("family") or name.get("full_name")).split()[0]
        found = persons_named(new, indexed, word)
        assert found is not None and person in set(session.scalars(found))
    [entry] = entries(key_register, "master_key_rotated")
    assert entry["old_key_id"] == OLD.key_id and entry["new_key_id"] == new.key_id
    assert entry["organisations"] == len(keys)
    # The old key in the settings is refused now, naming both keys.
    again = key_register.run("vault", "rotate-master-key", "--new", str(new_file))
    assert again.returncode == 1
    assert f"wrapped under master key {new.key_id}" in again.stderr
    assert OLD.key_id in again.stderr


def test_master_key_refusals(key_register: KeyRegister) -> None:
    new_file = key_register.folder / "master-2.key"
    key_register.ok("vault", "keygen", str(new_file))
    wrong = base64.b64encode(os.urandom(32)).decode()
    done = key_register.run(
        "vault", "rotate-master-key", "--new", str(new_file), AMANAT_MASTER_KEY=wrong
    )
    assert done.returncode == 1
    assert "AMANAT_MASTER_KEY_FILE or AMANAT_MASTER_KEY" in done.stderr
    assert f"not the configured master key {MasterKey(base64.b64decode(wrong)).key_id}" in (
        done.stderr
    )
    missing = key_register.folder / "no-such.key"
    done = key_register.run("vault", "rotate-master-key", "--new", str(missing))
    assert done.returncode == 1
    assert f"--new: master key file not found: {missing}" in done.stderr
    same = key_register.folder / "same.key"
    same.write_text(base64.b64encode(OLD.secret).decode())
    same.chmod(0o600)
    done = key_register.run("vault", "rotate-master-key", "--new", str(same))
    assert done.returncode == 1
    assert "holds the master key in use already" in done.stderr
    # Nothing changed and nothing was recorded.
    assert entries(key_register, "master_key_rotated") == []
    open_every_identity(key_register, OLD)
    done = key_register.run("vault", "keygen", str(new_file))
    assert done.returncode == 1 and "already exists" in done.stderr


def test_rotating_a_data_key(key_register: KeyRegister) -> None:
    code, count = busiest_org(key_register)
    out = key_register.ok("vault", "rotate-data-key", code, "--batch-size", "7")
    assert f"version 1 to 2, {count} rows to re-seal" in out
    assert f"committed: {count} rows re-sealed\nData key of {code} rotated" in out
    assert "Batch 2 committed: 14 rows re-sealed" in out
    versions = open_every_identity(key_register, OLD)
    assert versions[2] == count  # only that organisation's
    with session_of(key_register) as session:
        rotated = session.scalar(
            select(OrgKey)
            .join(Organisation, Organisation.id == OrgKey.org_id)
            .where(Organisation.code == code)
        )
        assert rotated is not None
        assert rotated.key_version == 2 and rotated.next_wrapped_key is None
    [started] = entries(key_register, "data_key_rotation_started")
    assert started["resumed"] is False and started["remaining"] == count
    [finished] = entries(key_register, "data_key_rotated")
    assert finished == {"version": 2, "resealed": count, "via": "system operator"}
    batches = entries(key_register, "data_key_batch_resealed")
    assert sum(int(str(entry["resealed"])) for entry in batches) == count


def test_a_data_key_rotation_killed_midway_resumes(key_register: KeyRegister) -> None:
    code, count = busiest_org(key_register)
    batch = 3
    assert count > 2 * batch
    # A pause between batches gives the kill time to land after the first commit.
    process = subprocess.Popen(
        [AMANAT, "vault", "rotate-data-key", code, "--batch-size", str(batch), "--pause", "60"],
        cwd=key_register.folder,
        env=key_register.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        lines.append(line)
        if line.startswith("Batch 1 committed"):
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, "".join(lines)
    # Mid-way: some rows under each version, and every one of them opens.
    versions = open_every_identity(key_register, OLD)
    assert versions[2] == batch
    assert entries(key_register, "data_key_rotated") == []
    [first] = entries(key_register, "data_key_batch_resealed")  # committed with its batch
    assert first["resealed"] == batch
    out = key_register.ok("vault", "rotate-data-key", code, "--batch-size", str(batch))
    assert f"resumed: version 1 to 2, {count - batch} rows to re-seal" in out
    versions = open_every_identity(key_register, OLD)
    assert versions[2] == count
    started = entries(key_register, "data_key_rotation_started")
    assert [entry["resumed"] for entry in started] == [False, True]
    [finished] = entries(key_register, "data_key_rotated")
    assert finished["resealed"] == count - batch


def test_data_key_refusals(key_register: KeyRegister) -> None:
    done = key_register.run("vault", "rotate-data-key", "NO-SUCH-ORG")
    assert done.returncode == 1
    assert "ORG: organisation: 'NO-SUCH-ORG' is not registered" in done.stderr
    code, _ = busiest_org(key_register)
    wrong = base64.b64encode(os.urandom(32)).decode()
    done = key_register.run("vault", "rotate-data-key", code, AMANAT_MASTER_KEY=wrong)
    assert done.returncode == 1
    assert "AMANAT_MASTER_KEY_FILE or AMANAT_MASTER_KEY" in done.stderr
    env = {name: value for name, value in key_register.env.items() if name != "AMANAT_MASTER_KEY"}
    done = subprocess.run(
        [AMANAT, "vault", "rotate-data-key", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1 and "no master key in use" in done.stderr
    assert entries(key_register, "data_key_rotation_started") == []

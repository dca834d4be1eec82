"""`amanat backup` and `amanat restore` as an operator runs them (the installed command,
in a subprocess): the small demo with activity in it (a submission, a checkpoint) is
backed up, restored into an empty SQLite file and into an empty PostgreSQL database,
and verified; a tampered backup and a non-empty target are refused, leaving the target
as it was.  Keys are never in a backup.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from tests.databases import postgres_database

from amanat.access import audit
from amanat.access.identity_vault import ProtectedIdentity
from amanat.access.vault import field_context, open_sealed_text
from amanat.access.vault.keys import MasterKey
from amanat.demo.region.sealing import demo_master_key
from amanat.store.backup import MANIFEST, SIGNATURE, read_manifest
from amanat.store.backup.manifest import sha256_of, write_signed
from amanat.store.postgres import find_binary

pytestmark = pytest.mark.slow

AMANAT = str(Path(sys.executable).parent / "amanat")
DEMO_SEED = 1  # the demo's victims are sealed with this seed's public demo key
SUBMITTER = "kz-police-alm.investigator"


@dataclass(frozen=True)
class Keys:
    signing: Path
    verify: Path
    master: MasterKey

    def env(self, *, master: bool = True, signing: bool = True) -> dict[str, str]:
        """An operator's environment: none of the tests' own AMANAT_ settings."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("AMANAT_")}
        env["AMANAT_AUDIT_VERIFY_KEY_FILE"] = str(self.verify)
        if signing:
            env["AMANAT_AUDIT_SIGNING_KEY_FILE"] = str(self.signing)
        if master:
            env["AMANAT_MASTER_KEY"] = base64.b64encode(self.master.secret).decode()
        return env

    def secrets(self) -> list[bytes]:
        """Every form in which a key could leak into a backup."""
        private = audit.load_signing_key(self.signing, {})
        raw = private.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        return [
            raw,
            base64.b64encode(raw),
            self.signing.read_bytes().strip(),
            self.master.secret,
            base64.b64encode(self.master.secret),
        ]


def amanat(
    *arguments: str, env: dict[str, str], ok: bool = True
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [AMANAT, *arguments], env=env, capture_output=True, text=True, timeout=900
    )
    if ok:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def refused(*arguments: str, env: dict[str, str]) -> str:
    done = amanat(*arguments, env=env, ok=False)
    assert done.returncode == 1, done.stdout + done.stderr
    return done.stderr


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    folder = tmp_path_factory.mktemp("keys")
    signing, verify = folder / "audit-signing.key", folder / "audit-verify.pem"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AMANAT_")}
    amanat("audit", "keygen", "--signing-key", str(signing), "--verify-key", str(verify), env=env)
    return Keys(signing, verify, demo_master_key(DEMO_SEED))


def with_activity(database: str, keys: Keys, folder: Path) -> None:
    """The demo, then a submission and a checkpoint, as an agency's day adds them."""
    env = keys.env()
    amanat(
        "demo-data", "--database", database, "--ground-truth", str(folder / "truth.csv"), env=env
    )
    submission = folder / "submission.json"
    submission.write_text(
        json.dumps(
            {
                "organisation": "KZ-POLICE-ALM",
                "defaults": {"tlp": "AMBER", "reliability": "B", "credibility": "2"},
                "records": [
                    {
                        "kind": "person",
                        "ref": "suspect",
                        "external_id": "BACKUP-TEST-1",
                        "sex": "male",
                        "birth_year": 1979,
                        "names": [{"full_name": "ASANOV BAKYT", "script": "Latn"}],
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    amanat("submit", str(submission), "--user", SUBMITTER, "--database", database, env=env)
    amanat("audit", "checkpoint", "--database", database, env=env)


@dataclass(frozen=True)
class Backed:
    live: str  # the register's URL
    folder: Path  # its backup
    root: Path


@pytest.fixture(scope="module")
def sqlite_backup(tmp_path_factory: pytest.TempPathFactory, keys: Keys) -> Backed:
    root = tmp_path_factory.mktemp("sqlite-backup")
    live = f"sqlite:///{root / 'live.sqlite'}"
    with_activity(live, keys, root)
    done = amanat("backup", "--to", str(root / "backup"), "--database", live, env=keys.env())
    assert "Backed up" in done.stdout
    return Backed(live, root / "backup", root)


def test_a_backup_holds_the_copy_and_a_signed_manifest(sqlite_backup: Backed, keys: Keys) -> None:
    names = sorted(path.name for path in sqlite_backup.folder.iterdir())
    assert names == [MANIFEST, SIGNATURE, "register.sqlite"]
    manifest = read_manifest(sqlite_backup.folder, [audit.load_verify_key(keys.verify, {})])
    assert manifest.data_sha256 == sha256_of(sqlite_backup.folder / "register.sqlite")
    tables = manifest.contents.tables
    assert tables["person"] > 1000 and tables["protected_identity"] > 0
    assert tables["audit_checkpoint"] >= 1
    # The head is the live trail's last entry before the backup's own.
    live = create_engine(sqlite_backup.live)
    with live.connect() as connection:
        rows = connection.execute(text("SELECT seq, action FROM audit_entry ORDER BY seq")).all()
    live.dispose()
    assert rows[-1].action == "backup"
    assert manifest.contents.audit_head_seq == rows[-2].seq == len(rows) - 1
    assert (sqlite_backup.folder.stat().st_mode & 0o777) == 0o700


def test_the_backup_is_audited(sqlite_backup: Backed, keys: Keys) -> None:
    done = amanat(
        "audit", "search", "--action", "backup", "--database", sqlite_backup.live, env=keys.env()
    )
    assert "backup" in done.stdout


def test_no_key_is_ever_in_a_backup(sqlite_backup: Backed, keys: Keys) -> None:
    for path in sqlite_backup.folder.iterdir():
        data = path.read_bytes()
        for secret in keys.secrets():
            assert secret not in data, f"a key is in {path.name}"


def test_a_backup_needs_the_signing_key(sqlite_backup: Backed, keys: Keys) -> None:
    target = sqlite_backup.root / "unsigned"
    error = refused(
        "backup", "--to", str(target), "--database", sqlite_backup.live, env=keys.env(signing=False)
    )
    assert "audit signing key" in error
    assert not target.exists()


def test_a_backup_goes_into_a_new_folder(sqlite_backup: Backed, keys: Keys) -> None:
    error = refused(
        "backup",
        "--to",
        str(sqlite_backup.folder),
        "--database",
        sqlite_backup.live,
        env=keys.env(),
    )
    assert "not an empty folder" in error


def _stats(database: str, env: dict[str, str]) -> list[str]:
    """The rows of `amanat stats` (its title names the database, so it differs)."""
    table = amanat("stats", "--database", database, env=env).stdout
    rows = [line for line in table.splitlines() if "│" in line]
    assert len(rows) > 5, table
    return rows


def test_restore_into_an_empty_file_verifies_and_says_identities_stay_sealed(
    sqlite_backup: Backed, keys: Keys
) -> None:
    target = sqlite_backup.root / "restored.sqlite"
    url = f"sqlite:///{target}"
    done = amanat(
        "restore", str(sqlite_backup.folder), "--database", url, env=keys.env(master=False)
    )
    assert "verified" in done.stdout
    assert "protected identities stay sealed" in done.stdout
    assert "until the master key is configured" in done.stdout
    amanat("audit", "verify", "--database", url, env=keys.env())
    assert _stats(url, keys.env()) == _stats(sqlite_backup.live, keys.env())
    found = amanat("audit", "search", "--action", "restore", "--database", url, env=keys.env())
    assert "restore" in found.stdout
    assert not list(sqlite_backup.root.glob(".restored.sqlite.restoring*"))


def test_with_the_master_key_a_sealed_identity_opens(sqlite_backup: Backed, keys: Keys) -> None:
    target = sqlite_backup.root / "restored-with-key.sqlite"
    done = amanat(
        "restore", str(sqlite_backup.folder), "--database", f"sqlite:///{target}", env=keys.env()
    )
    assert "opens the data keys of all" in done.stdout
    engine = create_engine(f"sqlite:///{target}")
    with Session(engine) as session:
        sealed = session.scalars(select(ProtectedIdentity).limit(1)).one()
        from amanat.access.identity_vault import data_key
        from amanat.register import Person

        person = session.get(Person, sealed.person_id)
        assert person is not None
        key = data_key(session, keys.master, person.org_id)
        context = field_context("person", sealed.person_id, "identity")
        identity = json.loads(open_sealed_text(key, sealed.sealed, context))
    engine.dispose()
    assert identity["names"], identity


def test_a_non_empty_target_is_refused_by_name(sqlite_backup: Backed, keys: Keys) -> None:
    live = make_url(sqlite_backup.live).database
    assert live is not None
    before = sha256_of(Path(live))
    error = refused(
        "restore", str(sqlite_backup.folder), "--database", sqlite_backup.live, env=keys.env()
    )
    assert "not empty" in error and "live.sqlite" in error
    assert sha256_of(Path(live)) == before


# -- tampered backups ---------------------------------------------------------------


def _copy(backed: Backed, name: str) -> Path:
    folder = backed.root / name
    shutil.copytree(backed.folder, folder)
    return folder


def _edit_copy(folder: Path, statement: str) -> None:
    """Change the copy as someone with the file would: the trail's append-only
    triggers dropped for the edit and put back after."""
    with closing(sqlite3.connect(folder / "register.sqlite")) as db:
        triggers = db.execute(
            "SELECT name, sql FROM sqlite_master "
            "WHERE type = 'trigger' AND tbl_name = 'audit_entry'"
        ).fetchall()
        for name, _ in triggers:
            db.execute(f'DROP TRIGGER "{name}"')
        assert db.execute(statement).rowcount == 1
        for _, sql in triggers:
            db.execute(sql)
        db.commit()


def _resign(folder: Path, keys: Keys) -> None:
    """What someone holding the signing key could do: sign the changed copy's hash.
    The checks of the copy's own contents must still refuse it."""
    manifest = read_manifest(folder, [audit.load_verify_key(keys.verify, {})])
    changed = dataclasses.replace(
        manifest,
        data_sha256=sha256_of(folder / "register.sqlite"),
        data_bytes=(folder / "register.sqlite").stat().st_size,
    )
    write_signed(folder, changed, audit.load_signing_key(keys.signing, {}))


def _restore_refused(backed: Backed, folder: Path, keys: Keys) -> str:
    target = backed.root / f"{folder.name}.sqlite"
    error = refused("restore", str(folder), "--database", f"sqlite:///{target}", env=keys.env())
    assert "restore refused" in error
    assert not target.exists()
    assert not list(backed.root.glob(f".{target.name}.restoring*"))
    return error


def test_a_changed_row_is_refused(sqlite_backup: Backed, keys: Keys) -> None:
    folder = _copy(sqlite_backup, "row-changed")
    _edit_copy(
        folder, "UPDATE person SET birth_year = 1900 WHERE id = (SELECT min(id) FROM person)"
    )
    assert "SHA-256" in _restore_refused(sqlite_backup, folder, keys)


def test_a_changed_manifest_is_refused(sqlite_backup: Backed, keys: Keys) -> None:
    folder = _copy(sqlite_backup, "manifest-changed")
    manifest = json.loads((folder / MANIFEST).read_text())
    manifest["tables"]["person"] -= 1
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    assert "signature does not verify" in _restore_refused(sqlite_backup, folder, keys)


def test_a_dropped_signature_is_refused(sqlite_backup: Backed, keys: Keys) -> None:
    folder = _copy(sqlite_backup, "unsigned")
    (folder / SIGNATURE).unlink()
    assert "is not signed" in _restore_refused(sqlite_backup, folder, keys)


def test_a_deleted_row_is_refused_by_its_count_even_if_resigned(
    sqlite_backup: Backed, keys: Keys
) -> None:
    folder = _copy(sqlite_backup, "row-deleted")
    _edit_copy(folder, "DELETE FROM service_offer WHERE id = (SELECT max(id) FROM service_offer)")
    _resign(folder, keys)
    assert "table service_offer" in _restore_refused(sqlite_backup, folder, keys)


def test_an_edited_audit_entry_is_refused_even_if_resigned(
    sqlite_backup: Backed, keys: Keys
) -> None:
    folder = _copy(sqlite_backup, "trail-edited")
    last = "(SELECT max(seq) FROM audit_entry)"
    _edit_copy(folder, f"UPDATE audit_entry SET purpose = 'nothing to see' WHERE seq = {last}")
    _resign(folder, keys)
    error = _restore_refused(sqlite_backup, folder, keys)
    assert "the restored audit trail is broken at entry" in error


# -- PostgreSQL ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def postgres_backup(
    postgres_url: str, tmp_path_factory: pytest.TempPathFactory, keys: Keys
) -> Iterator[Backed]:
    root = tmp_path_factory.mktemp("postgres-backup")
    live = postgres_database(postgres_url, "backup_live")
    with_activity(live, keys, root)
    amanat("backup", "--to", str(root / "backup"), "--database", live, env=keys.env())
    yield Backed(live, root / "backup", root)


def _tables(url: str) -> list[str]:
    engine = create_engine(url)
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ).scalars()
        names = sorted(found)
    engine.dispose()
    return names


def test_postgres_restore_of_a_tampered_backup_leaves_the_target_empty_then_restores(
    postgres_backup: Backed, postgres_url: str, keys: Keys
) -> None:
    target = postgres_database(postgres_url, "backup_target")
    folder = postgres_backup.root / "counts-changed"
    shutil.copytree(postgres_backup.folder, folder)
    manifest = read_manifest(folder, [audit.load_verify_key(keys.verify, {})])
    tables = {**manifest.contents.tables, "person": manifest.contents.tables["person"] + 1}
    changed = dataclasses.replace(
        manifest, contents=dataclasses.replace(manifest.contents, tables=tables)
    )
    write_signed(folder, changed, audit.load_signing_key(keys.signing, {}))
    error = refused("restore", str(folder), "--database", target, env=keys.env())
    assert "table person" in error
    assert _tables(target) == []  # dropped again: nothing half-restored

    done = amanat("restore", str(postgres_backup.folder), "--database", target, env=keys.env())
    assert "verified" in done.stdout
    amanat("audit", "verify", "--database", target, env=keys.env())
    assert _stats(target, keys.env()) == _stats(postgres_backup.live, keys.env())
    found = amanat("audit", "search", "--action", "restore", "--database", target, env=keys.env())
    assert "restore" in found.stdout


def test_postgres_non_empty_target_is_refused_by_name(postgres_backup: Backed, keys: Keys) -> None:
    error = refused(
        "restore", str(postgres_backup.folder), "--database", postgres_backup.live, env=keys.env()
    )
    assert "not empty" in error and "backup_live" in error


def test_postgres_changed_dump_is_refused(
    postgres_backup: Backed, postgres_url: str, keys: Keys
) -> None:
    target = postgres_database(postgres_url, "backup_target_changed")
    folder = postgres_backup.root / "dump-changed"
    shutil.copytree(postgres_backup.folder, folder)
    with (folder / "register.pgdump").open("ab") as dump:
        dump.write(b"\0")
    assert "SHA-256" in refused("restore", str(folder), "--database", target, env=keys.env())
    assert _tables(target) == []


def test_no_key_is_in_a_postgres_dump(postgres_backup: Backed, keys: Keys) -> None:
    listing = subprocess.run(
        [find_binary("pg_restore"), "--file=-", str(postgres_backup.folder / "register.pgdump")],
        capture_output=True,
        check=True,
    ).stdout
    assert b"COPY public.audit_entry" in listing  # the dump's SQL, uncompressed
    for secret in keys.secrets():
        assert secret not in listing
        assert secret not in (postgres_backup.folder / MANIFEST).read_bytes()

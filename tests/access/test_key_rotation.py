"""Rotating keys in the storage layer: a data key rotation interrupted between batches
leaves every row readable, new seals during it use the new key, and it finishes only
when nothing needs the old key; a master key rotation re-wraps both keys mid-way."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from amanat.access import accounts, source_files
from amanat.access.identity_vault import Identity, OrgKey, ProtectedIdentity, protect, reveal
from amanat.access.key_rotation import (
    finish_data_rotation,
    reseal_batch,
    rotate_master,
    start_data_rotation,
)
from amanat.access.roles import Role
from amanat.access.vault import MasterKey, VaultError, generate_master_key
from amanat.access.visibility import Viewer
from amanat.register import Person, Source
from amanat.store.engine import transaction


def _register(engine: Engine, master: MasterKey, count: int) -> tuple[int, list[int]]:
    with transaction(engine) as session:
        org = accounts.add_organisation(session, "KG-NGO", "Shelter", "ngo", "KG").id
        people = []
        for i in range(count):
            person = Person(org_id=org, is_protected=True)
            session.add(person)
            session.flush()
            names = [{"full_name": f"Гулнора {i}", "script": "Cyrl"}]
            protect(session, master, person, Identity(names=names))
            people.append(person.id)
    return org, people


def _identities(engine: Engine, master: MasterKey, org: int, people: list[int]) -> list[str]:
    viewer = Viewer(user_id=1, org_id=org, role=Role.case_worker)
    with transaction(engine) as session:
        revealed = [reveal(session, master, viewer, p, "assistance") for p in people]
    return [r.identity.names[0]["full_name"] for r in revealed if r.identity is not None]


def _versions(engine: Engine) -> list[int]:
    with transaction(engine) as session:
        query = select(ProtectedIdentity.key_version).order_by(ProtectedIdentity.person_id)
        return list(session.scalars(query))


def test_an_interrupted_rotation_stays_readable_and_resumes(engine: Engine) -> None:
    master = generate_master_key()
    org, people = _register(engine, master, 5)
    names = _identities(engine, master, org, people)
    assert len(names) == 5
    with transaction(engine) as session:
        rotation = start_data_rotation(session, master, org)
    assert (rotation.from_version, rotation.to_version, rotation.remaining) == (1, 2, 5)
    with transaction(engine) as session:
        assert reseal_batch(session, master, rotation, 2) == 2
    assert _versions(engine) == [2, 2, 1, 1, 1]
    assert _identities(engine, master, org, people) == names  # reads go on
    with transaction(engine) as session:
        # Sealed during the rotation: under the new key at once.
        person = session.get(Person, people[4])
        assert person is not None
        protect(session, master, person, Identity(names=[{"full_name": "Айгуль"}]))
        with pytest.raises(VaultError, match="2 rows are still sealed"):
            finish_data_rotation(session, rotation)
    assert _versions(engine) == [2, 2, 1, 1, 2]
    with transaction(engine) as session:
        again = start_data_rotation(session, master, org)  # a second run
    assert again.resumed and again.remaining == 2
    with transaction(engine) as session:
        assert reseal_batch(session, master, again, 10) == 2
        finish_data_rotation(session, again)
        key = session.get(OrgKey, org)
        assert key is not None and key.key_version == 2 and key.next_wrapped_key is None
    assert _identities(engine, master, org, people) == [*names[:4], "Айгуль"]


def test_a_source_file_is_resealed(engine: Engine) -> None:
    master = generate_master_key()
    org, _ = _register(engine, master, 1)
    with transaction(engine) as session:
        source = Source(org_id=org, title="Court decision")
        session.add(source)
        session.flush()
        source_files.store(session, master, org, source.id, "d.pdf", "application/pdf", b"%PDF")
        source_id = source.id
    with transaction(engine) as session:
        rotation = start_data_rotation(session, master, org)
        assert rotation.remaining == 2
        assert reseal_batch(session, master, rotation, 10) == 2
        finish_data_rotation(session, rotation)
    with transaction(engine) as session:
        row = session.get(source_files.SourceFile, source_id)
        assert row is not None and row.key_version == 2
        assert source_files.open_file(session, master, row) == b"%PDF"


def test_a_master_rotation_midway_rewraps_both_data_keys(engine: Engine) -> None:
    old, new = generate_master_key(), generate_master_key()
    org, people = _register(engine, old, 3)
    names = _identities(engine, old, org, people)
    with transaction(engine) as session:
        rotation = start_data_rotation(session, old, org)
        reseal_batch(session, old, rotation, 1)
    with transaction(engine) as session:
        rotated = rotate_master(session, old, new)
    assert (rotated.organisations, rotated.persons_reindexed) == (1, 3)
    assert _identities(engine, new, org, people) == names
    with transaction(engine) as session:
        assert reseal_batch(session, new, rotation, 10) == 2
        finish_data_rotation(session, rotation)
    assert _identities(engine, new, org, people) == names

"""Protected identities are sealed exactly as the identity vault seals them, so the
vault opens them with the region's master key."""

from __future__ import annotations

import json

from sqlalchemy import text
from tests.demo.region.conftest import SEED, Built

from amanat.access.identity_vault import Identity
from amanat.access.protected_names import persons_named
from amanat.access.vault import field_context, is_pseudonym, open_sealed_text, unwrap_data_key
from amanat.demo.region.sealing import demo_master_key
from amanat.names import transliterate


def test_the_vault_opens_sealed_identities(tiny_region: Built) -> None:
    master = demo_master_key(SEED)
    with tiny_region.engine.connect() as connection:
        keys = dict(connection.execute(text("SELECT org_id, wrapped_key FROM org_key")).all())
        sealed = connection.execute(
            text(
                "SELECT p.id, p.org_id, i.pseudonym, i.sealed FROM protected_identity i "
                "JOIN person p ON p.id = i.person_id ORDER BY p.id LIMIT 50"
            )
        ).all()
    assert sealed
    for person_id, org_id, pseudonym, token in sealed:
        data_key = unwrap_data_key(master, bytes(keys[org_id]), org_id)
        document = open_sealed_text(
            data_key, bytes(token), field_context("person", person_id, "identity")
        )
        identity = Identity(**json.loads(document))
        assert identity.names and identity.names[0]["full_name"]
        assert is_pseudonym(pseudonym)


def test_her_case_workers_find_her_by_name(tiny_region: Built) -> None:
    """Each sealed victim has her blind index: her own name, typed in Latin letters,
    finds her in her organisation, as the caseload searches."""
    master = demo_master_key(SEED)
    with tiny_region.engine.connect() as connection:
        keys = dict(connection.execute(text("SELECT org_id, wrapped_key FROM org_key")).all())
        sealed = connection.execute(
            text(
                "SELECT p.id, p.org_id, i.sealed FROM protected_identity i "
                "JOIN person p ON p.id = i.person_id ORDER BY p.id LIMIT 20"
            )
        ).all()
        for person_id, org_id, token in sealed:
            data_key = unwrap_data_key(master, bytes(keys[org_id]), org_id)
            document = open_sealed_text(
                data_key, bytes(token), field_context("person", person_id, "identity")
            )
            name = json.loads(document)["names"][0]["full_name"]
            query = persons_named(master, org_id, transliterate(name))
            assert query is not None and person_id in set(connection.scalars(query)), person_id


def test_the_demo_master_key_depends_on_the_seed() -> None:
    assert demo_master_key(1) == demo_master_key(1)
    assert demo_master_key(1) != demo_master_key(2)

"""A record's identity across the federation: version 4 UUIDs in their canonical text
form, whether made one at a time or many at once."""

from __future__ import annotations

import uuid

from amanat.register.base import GLOBAL_ID_LENGTH, new_global_id, new_global_ids


def test_ids_made_many_at_once_are_random_uuids_in_canonical_form() -> None:
    ids = new_global_ids(2000)
    assert len(set(ids)) == 2000
    for made in [*ids, new_global_id()]:
        parsed = uuid.UUID(made)
        assert (parsed.version, parsed.variant) == (4, uuid.RFC_4122)
        assert str(parsed) == made and len(made) == GLOBAL_ID_LENGTH
    # Every random bit is used: each hex digit outside the fixed ones takes all values.
    assert {i[0] for i in ids} == set("0123456789abcdef")
    assert {i[19] for i in ids} == set("89ab")
    assert new_global_ids(0) == []

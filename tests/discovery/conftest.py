"""Discovery fixtures: the actions' small world (``tests.actions.conftest``), and a
suspect held by the Uzbek interior ministry alone, in Cyrillic."""

from __future__ import annotations

from typing import Any

import pytest
from tests.actions.conftest import World, victim, world

__all__ = ["World", "suspect", "victim", "world"]

SUSPECT_NAME = "Шевченко Тарас Григорьевич"
PASSPORT = "AA1234567"


def suspect(world: World, username: str = "uz-police", **person: Any) -> int:
    """A suspect (a person in a case as such) that only ``username``'s organisation sees
    (encoded as it is written: no index is rebuilt)."""
    made = world.create(
        username,
        {"kind": "case", "ref": "case", "case_type": "tip", "jurisdiction": "UZ"},
        {
            "kind": "person",
            "ref": "person",
            "names": [{"full_name": SUSPECT_NAME}],
            "birth_year": 1981,
            "birth_month": 3,
            "birth_day": 9,
            "documents": [
                {"doc_type": "national_passport", "number": PASSPORT, "issuing_country": "UZ"}
            ],
            **person,
        },
        {"kind": "case_role", "case_id": "@case", "person_id": "@person", "role": "suspect"},
        group=False,
    )
    return made["person"]


@pytest.fixture
def uz_suspect(world: World) -> int:
    return suspect(world)

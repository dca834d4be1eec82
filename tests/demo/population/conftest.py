"""Fixtures for the population layer.

How to pick one:
- ``people``: 2,000 identities over every supported nationality, both sexes and birth years
  1950-2010 (seed 2024); use it for properties that must hold for everyone.
- ``kazakh_family``: a Kazakh father with a son and a daughter, Soviet-style names; use it
  for naming rules across generations.
Both are built once per test session and are read-only (identities are frozen).
"""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from amanat.demo.population import NATIONALITIES, Identity, make_identity, make_relative


@pytest.fixture(scope="session")
def people() -> list[Identity]:
    rng = random.Random(2024)
    return [
        make_identity(
            rng,
            i,
            NATIONALITIES[i % len(NATIONALITIES)],
            ("male", "female")[(i // len(NATIONALITIES)) % 2],
            rng.randint(1950, 2010),
        )
        for i in range(2_000)
    ]


@pytest.fixture(scope="session")
def kazakh_family() -> tuple[Identity, Identity, Identity]:
    rng = random.Random(5)
    father = make_identity(rng, 1, "KZ", "male", 1965)
    # Fix the name so the expected forms can be written out in the tests.
    father = replace(
        father,
        origin="KZ",
        name_style="soviet",
        given="Серік",
        family="Жұмабеков",
        family_root="Жұмабек",
        patronymic="Нурланович",
        father_given="Нұрлан",
    )
    son = make_relative(rng, father, "child", 2, "male", 1990)
    daughter = make_relative(rng, father, "child", 3, "female", 1993)
    return father, son, daughter

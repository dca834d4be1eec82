"""A small register of people spelled across scripts, resolved, for the service's
resolution tests (API and web app): pick ``build_linked`` after the tests' own
organisations and users exist.

- ``erlan``: one man in three agencies' spellings — merged automatically;
- ``askar``: the same names, birthdays twelve days apart — queued for review;
- ``dinara``: queued too, but the second record is its owner's only (``hidden_org``);
- ``protected``: Erlan again as a protected witness — never linked, queued or found.
"""

from __future__ import annotations

from sqlalchemy import Engine
from tests.resolve.conftest import add_person

from amanat.access.accounts import organisation_by_code
from amanat.resolve.run import RunOptions, resolve
from amanat.store.engine import transaction


def build_linked(engine: Engine, home: str, other: str) -> dict[str, list[int]]:
    """People owned by organisations ``home`` and ``other`` (codes), then one run."""
    with transaction(engine) as session:
        a, b = (organisation_by_code(session, code).id for code in (home, other))
        ids = {
            "erlan": [
                add_person(session, a, "Джуманбеков Ерлан", (1985, 3, 14), "KZ", "N12345678"),
                add_person(session, b, "JUMANBEKOV ERLAN", (1985, 3, 14), "KZ", "N 1234 5678"),
                add_person(session, b, "Zhumanbekov Erlan", (1985, 3, 14), "KZ"),
            ],
            "askar": [
                add_person(session, a, "Нурланов Аскар", (1990, 1, 15), "KZ"),
                add_person(session, b, "Nurlanov Askar", (1990, 1, 27), "KZ"),
            ],
            "dinara": [
                add_person(session, a, "Бекова Динара", (1995, 7, 3), "KZ"),
                add_person(session, b, "Bekova Dinara", (1995, 7, 19), "KZ", distribution="owner"),
            ],
            "protected": [
                add_person(session, b, "Джуманбеков Ерлан", (1985, 3, 14), "KZ", protected=True)
            ],
        }
    resolve(engine, RunOptions())
    return ids

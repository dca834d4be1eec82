"""A search by name over keys of an older key function answers 503 with what the operator
must do, never a quietly shorter list."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, delete
from tests.service.api.conftest import Caller

from amanat.names.phonetic import KEY_VERSION
from amanat.register.name_key import NameKeyVersion
from amanat.store.engine import transaction

OPEN = {"tlp": "GREEN", "distribution": "community"}


def test_a_search_over_stale_keys_says_to_rekey(
    api: Callable[[str], Caller], engine: Engine
) -> None:
    investigator = api("kz-investigator")
    investigator.create("/people", {**OPEN, "names": [{"full_name": "Васильев Юрий"}]})
    search = {"q": "Vasilyev", "purpose": "screening"}
    assert len(investigator.get("/people/search", params=search).json()) == 1
    with transaction(engine) as session:
        session.execute(delete(NameKeyVersion))
        session.add(NameKeyVersion(id=1, version=KEY_VERSION - 1))
    answer = investigator.get("/people/search", params=search)
    assert answer.status_code == 503
    assert "amanat names rekey" in answer.json()["detail"]
    assert "Васильев" not in answer.text

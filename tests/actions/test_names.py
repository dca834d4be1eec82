"""``names.rekey``: the system operator rebuilds the search keys, which is recorded; a
search over keys of an older version is refused until then, and finds again after."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, delete, update
from tests.actions.conftest import World, acting, detail, operating, trail

from amanat.actions import names, records
from amanat.actions.door import Refused
from amanat.names.phonetic import KEY_VERSION
from amanat.register import PersonNameKey
from amanat.register.name_key import NameKeyVersion, stored_keys
from amanat.register.name_key_version import StaleNameKeys
from amanat.store.engine import transaction

NAME = "Васильева Юлия"


def _stale(engine: Engine) -> None:
    """Keys as an older key function wrote them, and its version recorded."""
    with transaction(engine) as session:
        session.execute(update(PersonNameKey).values(key=PersonNameKey.key + "X"))
        session.execute(delete(NameKeyVersion))
        session.add(NameKeyVersion(id=1, version=KEY_VERSION - 1))


def _search(world: World, query: str) -> list[int]:
    with world.acting("police") as ctx:
        return [hit.person_id for hit in records.search_people(ctx, query, "screening")]


def test_a_stale_register_refuses_searches_until_the_operator_rekeys(world: World) -> None:
    person = world.create("police", {"kind": "person", "ref": "p", "names": [{"full_name": NAME}]})[
        "p"
    ]
    assert _search(world, "Vasil'yeva Yuliya") == [person]
    _stale(world.engine)
    with pytest.raises(StaleNameKeys, match="amanat names rekey"):
        _search(world, "Vasil'yeva Yuliya")
    with operating(world.engine) as ctx:
        rebuilt = names.rekey(ctx)
    assert (rebuilt.previous, rebuilt.version, rebuilt.keys) == (
        KEY_VERSION - 1,
        KEY_VERSION,
        len(stored_keys(NAME)),
    )
    entry = trail(world.engine)[-1]
    assert entry.action == "name_keys_rebuilt" and entry.actor_user_id is None
    assert detail(entry) == {
        "previous_version": KEY_VERSION - 1,
        "version": KEY_VERSION,
        "keys": len(stored_keys(NAME)),
        "via": "system operator",
    }
    assert _search(world, "Vasilyeva Iuliia") == [person]


@pytest.mark.parametrize("username", ["admin", "police"])
def test_only_the_operator_rekeys(world: World, username: str) -> None:
    with pytest.raises(Refused, match=r"names\.rekey is not open to a command line"):
        with acting(world.engine, username) as ctx:
            names.rekey(ctx)
    assert not [e for e in trail(world.engine) if e.action == "name_keys_rebuilt"]

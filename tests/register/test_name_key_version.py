"""The version of the stored search keys: recorded by migration 0019, checked before a
search, brought up to date by a rebuild."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, delete, select, text, update
from sqlalchemy.orm import Session

from amanat.names.phonetic import KEY_VERSION
from amanat.register import Organisation, Person, PersonName, PersonNameKey
from amanat.register.name_key import NameKeyVersion, stored_keys
from amanat.register.name_key_version import (
    StaleNameKeys,
    rebuild_keys,
    require_current_keys,
    search_keys,
    stored_version,
)
from amanat.store.engine import transaction
from amanat.store.migrate import downgrade, upgrade

NAMES = ("Васильева Юлия", "Подъячев Артём")


def _people(session: Session, *names: str, protected: bool = False) -> None:
    # By its id only: on a schema migrated down, the organisation table lacks the
    # newer columns the model has.
    org_id = session.scalars(select(Organisation.id)).first()
    if org_id is None:
        session.execute(
            text(
                "INSERT INTO organisation (code, name, kind, country, created_at) "
                "VALUES ('KZ-POL', 'Police', 'police', 'KZ', CURRENT_TIMESTAMP)"
            )
        )
        org_id = session.scalars(select(Organisation.id)).one()
    for name in names:
        person = Person(org_id=org_id, is_protected=protected)
        if not protected:
            person.names = [PersonName(full_name=name)]
        session.add(person)
    session.flush()


def _keys(engine: Engine) -> dict[str, set[str]]:
    with transaction(engine) as session:
        rows = session.execute(
            select(PersonName.full_name, PersonNameKey.key).join(
                PersonNameKey, PersonNameKey.name_id == PersonName.id
            )
        )
        found: dict[str, set[str]] = {}
        for name, key in rows:
            found.setdefault(name, set()).add(key)
        return found


def _stale(engine: Engine, version: int = 1) -> None:
    """The register as the key function of ``version`` left it: other keys, that version."""
    with transaction(engine) as session:
        session.execute(update(PersonNameKey).values(key=PersonNameKey.key + "X"))
        session.execute(delete(NameKeyVersion))
        session.add(NameKeyVersion(id=1, version=version))


def test_an_empty_register_is_of_this_version(sqlite_engine: Engine) -> None:
    with sqlite_engine.connect() as connection:
        assert stored_version(connection) == KEY_VERSION
        require_current_keys(connection)


def test_the_migration_marks_keys_written_before_versions_as_version_1(
    sqlite_engine: Engine,
) -> None:
    with transaction(sqlite_engine) as session:  # written by today's models, then taken back
        _people(session, *NAMES)
    downgrade(sqlite_engine, "0018")
    upgrade(sqlite_engine)
    with sqlite_engine.connect() as connection:
        assert stored_version(connection) == 1
        with pytest.raises(StaleNameKeys, match="amanat names rekey"):
            search_keys(connection, "Vasilyeva")
    downgrade(sqlite_engine, "0018")  # and back: the table goes
    with sqlite_engine.connect() as connection:
        tables = text("SELECT name FROM sqlite_master WHERE name = 'name_key_version'")
        assert connection.execute(tables).first() is None


def test_stale_keys_refuse_a_search_naming_the_command(engine: Engine) -> None:
    with transaction(engine) as session:
        _people(session, *NAMES)
    _stale(engine)
    with engine.connect() as connection, pytest.raises(StaleNameKeys) as refused:
        search_keys(connection, "Vasilyeva")
    assert refused.value.stored == 1
    message = str(refused.value)
    assert "version 1" in message and f"version {KEY_VERSION}" in message
    assert "amanat names rekey" in message
    assert "Васильева" not in message  # no name in the message


def test_a_rebuild_writes_this_versions_keys_for_every_name(engine: Engine) -> None:
    with transaction(engine) as session:
        _people(session, *NAMES)
        _people(session, "Protected Person", protected=True)
    _stale(engine)
    with transaction(engine) as session:
        rebuilt = rebuild_keys(session.connection())
    assert (rebuilt.previous, rebuilt.version) == (1, KEY_VERSION)
    assert _keys(engine) == {name: set(stored_keys(name)) for name in NAMES}
    assert rebuilt.keys == sum(len(stored_keys(name)) for name in NAMES)
    with engine.connect() as connection:
        assert stored_version(connection) == KEY_VERSION
        assert "VASILEVA" in search_keys(connection, "Vasil'yeva")


def test_a_register_without_the_row_holds_no_older_keys(engine: Engine) -> None:
    """Emptied by hand (as the tests' fixtures do): every key in it is this code's."""
    with transaction(engine) as session:
        session.execute(delete(NameKeyVersion))
        _people(session, *NAMES)
    with engine.connect() as connection:
        assert stored_version(connection) is None
        assert search_keys(connection, "Юлия") == ["ULIA"]
    with transaction(engine) as session:
        assert rebuild_keys(session.connection()).previous is None
    with engine.connect() as connection:
        assert stored_version(connection) == KEY_VERSION

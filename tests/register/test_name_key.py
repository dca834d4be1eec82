"""Search keys: every word of a name, and every pair of its words, written by the ORM
and by migration 0014 for names stored before pairs existed — the same keys."""

from __future__ import annotations

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from amanat.register import Organisation, Person, PersonName, PersonNameKey
from amanat.register.name_key import MAX_PAIRED_WORDS, name_keys, pair_keys, stored_keys
from amanat.store.engine import transaction
from amanat.store.migrate import downgrade, upgrade


def _person(session: Session, *names: str) -> Person:
    org = Organisation(code="KZ-POL", name="Police", kind="police", country="KZ")
    session.add(org)
    session.flush()
    person = Person(org_id=org.id, names=[PersonName(full_name=n) for n in names])
    session.add(person)
    session.flush()
    return person


def _keys(engine: Engine) -> dict[str, set[str]]:
    with transaction(engine) as session:
        query = select(PersonName.full_name, PersonNameKey.key).join(
            PersonNameKey, PersonNameKey.name_id == PersonName.id
        )
        found: dict[str, set[str]] = {}
        for name, key in session.execute(query):
            found.setdefault(name, set()).add(key)
        return found


def test_a_name_has_its_words_and_their_pairs() -> None:
    assert name_keys("Джуманбеков Ерлан Серикович") == ["ERLAN", "JUMANBEKAV", "SERIKAVICH"]
    assert pair_keys(["ERLAN", "JUMANBEKAV", "SERIKAVICH"]) == [
        "ERLAN|JUMANBEKAV",
        "ERLAN|SERIKAVICH",
        "JUMANBEKAV|SERIKAVICH",
    ]
    assert stored_keys("Jumanbekov") == ["JUMANBEKAV"]
    # Cyrillic and Latin spellings of one name give the same keys, pairs included.
    assert stored_keys("Джуманбеков Ерлан") == stored_keys("Zhumanbekov Erlan")
    many = [f"W{chr(65 + i)}" for i in range(MAX_PAIRED_WORDS + 1)]
    assert pair_keys(many) == [] and len(pair_keys(many[:-1])) == 66


def test_the_orm_writes_pairs_and_rewrites_them_on_a_rename(engine: Engine) -> None:
    with transaction(engine) as session:
        person = _person(session, "Джуманбеков Ерлан Серикович")
        person_id = person.id
    assert _keys(engine) == {
        "Джуманбеков Ерлан Серикович": set(stored_keys("Джуманбеков Ерлан Серикович"))
    }
    with transaction(engine) as session:
        stored = session.get(Person, person_id)
        assert stored is not None
        stored.names[0].full_name = "Olimov Bahodir"
    assert _keys(engine) == {"Olimov Bahodir": {"BAHADIR", "ALIMAV", "ALIMAV|BAHADIR"}}


def test_the_migration_writes_the_pairs_the_application_would(sqlite_engine: Engine) -> None:
    names = ("Джуманбеков Ерлан Серикович", "O'rinboyev Sherzod", "Jumanbekov", "Ким Ли Мин Су")
    with transaction(sqlite_engine) as session:
        _person(session, *names)
    expected = _keys(sqlite_engine)
    assert expected == {name: set(stored_keys(name)) for name in names}
    downgrade(sqlite_engine, "0013")
    assert all("|" not in key for keys in _keys(sqlite_engine).values() for key in keys)
    upgrade(sqlite_engine)
    assert _keys(sqlite_engine) == expected
    with sqlite_engine.connect() as connection:  # run twice, written once
        before = connection.execute(text("SELECT count(*) FROM person_name_key")).scalar()
    downgrade(sqlite_engine, "0013")
    upgrade(sqlite_engine)
    with sqlite_engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM person_name_key")).scalar() == before

"""The blind index of protected names: found in any script by her own organisation, never
by another, no name or phonetic key in the database, rebuilt from the sealed identities."""

from __future__ import annotations

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from amanat.access import accounts, protected_names
from amanat.access.identity_vault import Identity, protect, reindex_names
from amanat.access.protected_names import ProtectedNameIndex, index_key, persons_named
from amanat.access.vault import generate_master_key
from amanat.names import phonetic_key
from amanat.register import Person
from amanat.store.engine import transaction

NAME = "Турсунова Гулнора Алишеровна"


def _protected(session: Session, org_id: int) -> int:
    person = Person(org_id=org_id, is_protected=True)
    session.add(person)
    session.flush()
    return person.id


def _found(session: Session, master: object, org_id: int, typed: str) -> list[int]:
    query = persons_named(master, org_id, typed)  # type: ignore[arg-type]
    return sorted(session.scalars(query)) if query is not None else []


def test_her_organisation_finds_her_in_any_script_and_nobody_else(engine: Engine) -> None:
    master = generate_master_key()
    with transaction(engine) as session:
        ngo = accounts.add_organisation(session, "KG-NGO", "NGO", "ngo", "KG").id
        other = accounts.add_organisation(session, "KZ-NGO", "Other", "ngo", "KZ").id
        mine = _protected(session, ngo)
        protect(session, master, session.get(Person, mine), Identity(names=[{"full_name": NAME}]))
        theirs = _protected(session, other)
        protect(session, master, session.get(Person, theirs), Identity(names=[{"full_name": NAME}]))
    with transaction(engine) as session:
        for typed in ("Tursunova Gulnora", "ГУЛНОРА", "gulnora alisherovna tursunova", "Tursunowa"):
            assert _found(session, master, ngo, typed) == [mine], typed
        assert _found(session, master, ngo, "Tursunova Aigul") == []
        assert _found(session, master, other, "Tursunova") == [theirs]
        assert _found(session, generate_master_key(), ngo, "Tursunova") == []
        assert persons_named(master, ngo, " -- ") is None
        # The same word has another index in each organisation: no link across them.
        rows = {(row.org_id, row.token) for row in session.scalars(select(ProtectedNameIndex))}
        assert not {t for o, t in rows if o == ngo} & {t for o, t in rows if o == other}
        assert index_key(master, ngo) != index_key(master, other)
        stored = " ".join(token for _, token in rows)
        for word in (*NAME.split(), *phonetic_key(NAME).split()):
            assert word not in stored and word.casefold() not in stored


def test_rebuilt_from_the_sealed_identities(engine: Engine) -> None:
    master = generate_master_key()
    with transaction(engine) as session:
        ngo = accounts.add_organisation(session, "KG-NGO", "NGO", "ngo", "KG").id
        mine = _protected(session, ngo)
        protect(session, master, session.get(Person, mine), Identity(names=[{"given": "Гулнора"}]))
        session.execute(delete(ProtectedNameIndex))  # as before migration 0023
        assert _found(session, master, ngo, "Gulnora") == []
        assert reindex_names(session, master) == 1
        assert _found(session, master, ngo, "Gulnora") == [mine]


def test_every_part_of_every_name_is_indexed() -> None:
    names = [{"full_name": "Сапарова Айгуль", "kind": "primary"}, {"family": "Saparowa"}]
    assert protected_names.name_words(names) == {"SAPARAVA", "AIGUL"}

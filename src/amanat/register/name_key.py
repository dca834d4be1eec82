"""The phonetic key of every word of a person's name, for search in any script.

``Джуманбеков Ерлан`` and ``Jumanbekov Erlan`` give the same keys (``JUMANBEKAV``,
``ERLAN``; see ``amanat.names.phonetic``), so one indexed equality lookup finds a
name whatever script or spelling it was written in, and whatever the word order.
One row per distinct word key of a name; ``person_id`` is repeated from the name so
that candidates are grouped per person from the index alone.

Beside the words, every pair of a name's word keys (``ERLAN|JUMANBEKAV``) is a key
too.  Central Asian given and family names are few and common: in the ``large`` demo
region one word is in thousands of names, two of them together in a few dozen.  A
search for a name of two or three words reads the names holding a pair of them, and
"all the words but one" (a record without the patronymic) is simply "one of the
pairs": a few dozen index entries instead of every name with any of the words.

Keys are written by the ORM whenever a name is inserted or its ``full_name``
changes; bulk loaders write the rows themselves with ``name_keys``.  Protected
persons have no plaintext names, hence no keys: they can never be found by name.
``name_key_version`` (one row) says which version of the key function wrote them
(``amanat.register.name_key_version``: searches check it, ``amanat names rekey``
rebuilds them).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Connection,
    Index,
    Integer,
    String,
    delete,
    event,
    exists,
    false,
    insert,
    select,
)
from sqlalchemy.orm import Mapped, Mapper, attributes, mapped_column

from amanat.names import word_keys
from amanat.register.base import Base, id_column, ref
from amanat.register.person import Person, PersonName

MAX_KEY_LENGTH = 80
# A name of more words has no pairs (it would have more than 66): such "names" are
# lists or noise, and are found by their words alone.
MAX_PAIRED_WORDS = 12
PAIR_MARK = "|"  # never in a word key (letters only)


class PersonNameKey(Base):
    __tablename__ = "person_name_key"
    __table_args__ = (Index("ix_person_name_key_key_person", "key", "person_id"),)

    id: Mapped[int] = id_column()
    name_id: Mapped[int] = ref("person_name.id")
    # No index of its own: every lookup goes by key (the index above), and persons are
    # never deleted outright (soft delete), the one thing such an index would serve.
    # Each key row written by an import costs one index insertion less (migration 0015).
    person_id: Mapped[int] = ref("person.id", index=False)
    key: Mapped[str] = mapped_column(String(MAX_KEY_LENGTH), nullable=False)


VERSION_ROW = 1  # name_key_version's one row


class NameKeyVersion(Base):
    """The version of ``amanat.names.phonetic_key`` that built the stored keys."""

    __tablename__ = "name_key_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)


def name_keys(full_name: str) -> list[str]:
    """The distinct word keys of a name, as stored (a word beyond 80 letters is cut)."""
    return sorted({key[:MAX_KEY_LENGTH] for key in word_keys(full_name)})


def pair_keys(words: list[str]) -> list[str]:
    """The keys of every pair of ``words`` (sorted, distinct word keys, as ``name_keys``
    gives them), as migration 0014 writes them; none beyond ``MAX_PAIRED_WORDS``."""
    if len(words) > MAX_PAIRED_WORDS:
        return []
    return [
        f"{a}{PAIR_MARK}{b}"[:MAX_KEY_LENGTH]
        for index, a in enumerate(words)
        for b in words[index + 1 :]
    ]


def stored_keys(full_name: str) -> list[str]:
    """Every key stored for a name: its words and their pairs."""
    words = name_keys(full_name)
    return words + pair_keys(words)


def _write_keys(connection: Connection, name: PersonName) -> None:
    rows = [
        {"name_id": name.id, "person_id": name.person_id, "key": key}
        for key in stored_keys(name.full_name or "")
    ]
    if rows:
        connection.execute(insert(PersonNameKey), rows)


@event.listens_for(PersonName, "after_insert")
def _keys_of_new_name(mapper: Mapper[Any], connection: Connection, name: PersonName) -> None:
    _write_keys(connection, name)


@event.listens_for(PersonName, "after_update")
def _keys_of_changed_name(mapper: Mapper[Any], connection: Connection, name: PersonName) -> None:
    if attributes.get_history(name, "full_name").has_changes():
        connection.execute(delete(PersonNameKey).where(PersonNameKey.name_id == name.id))
        _write_keys(connection, name)


def fill_missing_keys(connection: Connection, batch: int = 20_000) -> int:
    """Write the keys of names that have none (names loaded in bulk before keys
    existed); return how many keys were written.  Protected persons are skipped."""
    written, after = 0, 0
    has_keys = exists().where(PersonNameKey.name_id == PersonName.id)
    while True:
        rows = connection.execute(
            select(PersonName.id, PersonName.person_id, PersonName.full_name)
            .join(Person, Person.id == PersonName.person_id)
            .where(PersonName.id > after, Person.is_protected == false(), ~has_keys)
            .order_by(PersonName.id)
            .limit(batch)
        ).all()
        if not rows:
            return written
        keys = [
            {"name_id": name_id, "person_id": person_id, "key": key}
            for name_id, person_id, full_name in rows
            for key in stored_keys(full_name or "")
        ]
        if keys:
            connection.execute(insert(PersonNameKey), keys)
        written += len(keys)
        after = rows[-1][0]

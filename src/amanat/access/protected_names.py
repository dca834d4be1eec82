"""Finding a protected person by name without a plaintext name anywhere: a keyed blind index.

A victim's or witness's names are sealed (``identity_vault``), so the register's name keys
(``amanat.register.name_key``) never hold them.  To let her own organisation's case workers
find her by the name she gave, each word of her names is folded to its phonetic key
(``amanat.names.phonetic_key``: case, diacritics, Cyrillic or Latin spelling and the usual
romanisations fold to one key, so Айгуль, Aigul and Aygul are one) and only an HMAC of that
key is stored, one row per distinct word.  A search folds and HMACs the words typed the same
way and asks for the persons holding every one of them.

The HMAC key is derived from the master key and the organisation's id: the same word has
different indexes in different organisations, so a database dump shows neither who is
registered by two organisations nor, without the master key, any name.  What it does show:
which of one organisation's protected persons share a folded word (see ``blind_index``).
``identity_vault.protect`` writes a person's rows whenever it seals her identity;
``identity_vault.reindex_names`` rebuilds them all from the sealed identities (after the
upgrade that brought the index, a master key rotation or a change of the phonetic key).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Index, String, delete, func, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from amanat.access.vault import BlindIndexKey, MasterKey, blind_index, derive_blind_index_key
from amanat.access.vault.blind_index import INDEX_HEX_LENGTH
from amanat.names import word_keys
from amanat.register.base import Base, id_column, ref

# The parts of a sealed name that are searched (``identity_vault.Identity.names``).
NAME_PARTS = ("full_name", "given", "patronymic", "family")


class ProtectedNameIndex(Base):
    """One folded word of a protected person's names, as an HMAC under her organisation's
    index key."""

    __tablename__ = "protected_name_index"
    __table_args__ = (Index("ix_protected_name_index_org_token", "org_id", "token", "person_id"),)

    id: Mapped[int] = id_column()
    person_id: Mapped[int] = ref("person.id")
    org_id: Mapped[int] = ref("organisation.id", index=False)
    token: Mapped[str] = mapped_column(String(INDEX_HEX_LENGTH), nullable=False)


def index_key(master: MasterKey, org_id: int) -> BlindIndexKey:
    """The organisation's key for name indexes: another organisation's indexes differ."""
    return derive_blind_index_key(master, f"protected-name-word/org:{org_id}")


def folded_words(names: Iterable[str]) -> set[str]:
    """The phonetic key of every word of ``names``."""
    return {key for name in names for key in word_keys(name)}


def name_words(names: Iterable[dict[str, Any]]) -> set[str]:
    """The folded words of a sealed identity's names (each a dict of name parts)."""
    return folded_words(str(name[part]) for name in names for part in NAME_PARTS if name.get(part))


def tokens(key: BlindIndexKey, words: Iterable[str]) -> set[str]:
    return {blind_index(key, word) for word in words}


def write(
    session: Session, master: MasterKey, person_id: int, org_id: int, names: list[dict[str, Any]]
) -> None:
    """Replace the person's index rows with those of ``names``."""
    session.execute(delete(ProtectedNameIndex).where(ProtectedNameIndex.person_id == person_id))
    found = tokens(index_key(master, org_id), name_words(names))
    if found:
        rows = [{"person_id": person_id, "org_id": org_id, "token": t} for t in sorted(found)]
        session.execute(insert(ProtectedNameIndex), rows)


def persons_named(master: MasterKey, org_id: int, typed: str) -> Any:
    """A select of the ids of the organisation's protected persons whose names hold every
    word of ``typed`` (in any script or usual spelling); None when ``typed`` has no word."""
    wanted = tokens(index_key(master, org_id), folded_words([typed]))
    if not wanted:
        return None
    return (
        select(ProtectedNameIndex.person_id)
        .where(ProtectedNameIndex.org_id == org_id, ProtectedNameIndex.token.in_(sorted(wanted)))
        .group_by(ProtectedNameIndex.person_id)
        .having(func.count(ProtectedNameIndex.token.distinct()) == len(wanted))
    )

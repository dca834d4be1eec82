"""Which version of the phonetic key built a register's stored search keys.

The keys in ``person_name_key`` are ``amanat.names.phonetic_key`` of each word, frozen when
the name was written.  When that function changes (``KEY_VERSION`` goes up), a query's keys
and the stored ones no longer meet, and a search would quietly find less.  So the register
records the version its keys were built with, in a table of one row, and a search checks it
first: keys of an older version refuse the search, naming the command that rebuilds them
(``amanat names rekey``, the operator's action ``names.rekey``).  Refused rather than rebuilt
on the spot: a search is a read (read-only tokens may run it), and rebuilding rewrites every
key of the register in one transaction, a job for the operator, not for a user's request.

Migration 0019 records version 1 for a register that already had keys (the function before
versions were kept) and the current version for an empty one.  A register without the row
(emptied by hand, as the tests' fixtures do) has nothing older to hold: its keys are this
code's.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, select, update

from amanat.names.phonetic import KEY_VERSION
from amanat.register.name_key import (
    VERSION_ROW,
    NameKeyVersion,
    PersonNameKey,
    fill_missing_keys,
    name_keys,
)


class StaleNameKeys(RuntimeError):
    """The register's search keys were built by an older key function."""

    def __init__(self, stored: int) -> None:
        super().__init__(
            f"the register's name search keys are of version {stored} and this version of "
            f"Amanat reads version {KEY_VERSION}: searching by name would miss people. "
            "The system operator must rebuild them: amanat names rekey"
        )
        self.stored = stored


def stored_version(connection: Connection) -> int | None:
    """The version the register's keys were built with (None: not recorded)."""
    return connection.scalar(select(NameKeyVersion.version).where(NameKeyVersion.id == VERSION_ROW))


def require_current_keys(connection: Connection) -> None:
    """Raise ``StaleNameKeys`` when the stored keys are of another version."""
    stored = stored_version(connection)
    if stored is not None and stored != KEY_VERSION:
        raise StaleNameKeys(stored)


def search_keys(connection: Connection, text: str) -> list[str]:
    """The word keys to look ``text`` up by, once the stored keys are known to be of this
    version (``StaleNameKeys`` otherwise)."""
    require_current_keys(connection)
    return name_keys(text)


@dataclass(frozen=True)
class Rebuilt:
    previous: int | None  # the version the keys had
    version: int
    keys: int  # keys written


def rebuild_keys(connection: Connection) -> Rebuilt:
    """Every stored key thrown away and written again by this code's key function, and
    the version recorded, in the caller's transaction."""
    previous = stored_version(connection)
    connection.execute(delete(PersonNameKey))
    written = fill_missing_keys(connection)
    if previous is None:
        connection.execute(insert(NameKeyVersion).values(id=VERSION_ROW, version=KEY_VERSION))
    else:
        connection.execute(
            update(NameKeyVersion)
            .where(NameKeyVersion.id == VERSION_ROW)
            .values(version=KEY_VERSION)
        )
    return Rebuilt(previous, KEY_VERSION, written)

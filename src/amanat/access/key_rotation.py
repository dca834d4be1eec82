"""Rotating the vault's keys: the master key, and one organisation's data key.

A new master key only re-wraps the data keys (and rebuilds the name index, whose
keys derive from the master key): every organisation's row in one transaction, so
the register is never left half under one master key and half under the other.

A new data key re-seals what the old one sealed — protected identities, source files,
and what the layers above seal (``SealedRows``: open-source reports) — which can be many
rows, so it runs in batches, each committed on its own:

1. `start_data_rotation` stores the new key beside the old (``OrgKey.next_wrapped_key``);
   from then on new seals use it (``identity_vault.sealing_key``).
2. `reseal_batch` re-seals up to ``batch`` rows still under the old version.  Each row
   says which version sealed it, so a read at any moment opens it, and a run killed
   between batches leaves nothing unreadable; running again picks up the rows left.
3. `finish_data_rotation` makes the new key the only one once no row needs the old.

Pseudonyms and the name index do not depend on the data key and stay as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from amanat.access.identity_vault import OrgKey, ProtectedIdentity, opening_key, reindex_names
from amanat.access.source_files import SourceFile, context_of
from amanat.access.vault import (
    DataKey,
    MasterKey,
    VaultError,
    field_context,
    generate_data_key,
    open_sealed,
    rewrap_data_key,
    seal,
    wrap_data_key,
    wrapped_key_id,
)
from amanat.language.i18n import N_
from amanat.language.refusal import Refusal
from amanat.register import Person
from amanat.store.schema import metadata


class WrongMasterKey(Refusal, ValueError):
    """The configured master key is not the one the data keys are wrapped under."""


@dataclass(frozen=True)
class MasterRotated:
    old_key_id: str
    new_key_id: str
    organisations: int
    persons_reindexed: int


def rotate_master(session: Session, old: MasterKey, new: MasterKey) -> MasterRotated:
    """Re-wrap every organisation's data key(s) under ``new`` and rebuild the name index,
    in the caller's transaction.  Raises `WrongMasterKey` if a key is wrapped under
    another master key than ``old``."""
    rows = session.scalars(select(OrgKey).order_by(OrgKey.org_id).with_for_update()).all()
    for row in rows:
        found = wrapped_key_id(row.wrapped_key)
        if found != old.key_id:
            raise WrongMasterKey(
                N_(
                    "organisation %(org_id)s's data key is wrapped under master key "
                    "%(found)s, not the configured master key %(key_id)s"
                ),
                org_id=row.org_id,
                found=found,
                key_id=old.key_id,
            )
        row.wrapped_key = rewrap_data_key(old, new, row.wrapped_key, row.org_id)
        if row.next_wrapped_key is not None:
            row.next_wrapped_key = rewrap_data_key(old, new, row.next_wrapped_key, row.org_id)
        row.master_key_id = new.key_id
    session.flush()
    reindexed = reindex_names(session, new)
    return MasterRotated(old.key_id, new.key_id, len(rows), reindexed)


@dataclass(frozen=True)
class DataRotation:
    """Where an organisation's data key rotation stands."""

    org_id: int
    from_version: int
    to_version: int
    resumed: bool  # an earlier run had started it
    remaining: int  # rows still sealed under ``from_version``


class NoDataKey(Refusal, ValueError):
    """The organisation has sealed nothing, so it has no data key to rotate."""


def _org_key(session: Session, org_id: int) -> OrgKey:
    row = session.scalar(select(OrgKey).where(OrgKey.org_id == org_id).with_for_update())
    if row is None:
        raise NoDataKey(
            N_("organisation %(org_id)s has no data key: nothing is sealed for it"), org_id=org_id
        )
    return row


def start_data_rotation(session: Session, master: MasterKey, org_id: int) -> DataRotation:
    """Store a new data key beside the old, or find the one a killed run stored."""
    row = _org_key(session, org_id)
    # Opened only to refuse a wrong master key before anything changes.
    opening_key(session, master, org_id, row.key_version)
    resumed = row.next_wrapped_key is not None
    if not resumed:
        row.next_wrapped_key = wrap_data_key(master, generate_data_key(), org_id)
        session.flush()
    version = row.key_version
    return DataRotation(org_id, version, version + 1, resumed, remaining(session, org_id, version))


@dataclass(frozen=True)
class SealedRows:
    """Rows a layer above seals with an organisation's data key, declared beside their
    table (``sealed_rows``) so that a rotation re-seals them too: a row left under a
    retired key could never be opened again.

    ``under(org_id, version, limit)`` selects the ids of rows sealed under ``version``;
    ``reseal(session, ids, old, new, rotation)`` re-seals those rows from ``old`` to
    ``new`` and records ``rotation.to_version`` on them, only where still under
    ``rotation.from_version``."""

    name: str
    under: Callable[[int, int, int | None], Select[Any]]
    reseal: Callable[[Session, Sequence[int], DataKey, DataKey, DataRotation], None]


_SEALED: dict[str, SealedRows] = {}


def sealed_rows(rows: SealedRows) -> SealedRows:
    """Declare ``rows`` to the rotation (at import, by the module of their table)."""
    _SEALED[rows.name] = rows
    return rows


def _others() -> list[SealedRows]:
    # Every module with tables declares its sealed rows when imported: importing the
    # whole schema first means no declaration is missed, whichever command runs.
    metadata()
    return [_SEALED[name] for name in sorted(_SEALED)]


def remaining(session: Session, org_id: int, version: int) -> int:
    """How many of the organisation's rows are still sealed under ``version``."""
    counted = 0
    queries = [_identities_under(org_id, version), _files_under(org_id, version)]
    queries += [rows.under(org_id, version, None) for rows in _others()]
    for query in queries:
        counted += session.scalar(select(func.count()).select_from(query.subquery())) or 0
    return counted


def _identities_under(org_id: int, version: int, limit: int | None = None) -> Select[int]:
    query = (
        select(ProtectedIdentity.person_id)
        .join(Person, Person.id == ProtectedIdentity.person_id)
        .where(Person.org_id == org_id, ProtectedIdentity.key_version == version)
        .order_by(ProtectedIdentity.person_id)
    )
    return query if limit is None else query.limit(limit)


def _files_under(org_id: int, version: int, limit: int | None = None) -> Select[int]:
    query = (
        select(SourceFile.source_id)
        .where(SourceFile.org_id == org_id, SourceFile.key_version == version)
        .order_by(SourceFile.source_id)
    )
    return query if limit is None else query.limit(limit)


def reseal_batch(session: Session, master: MasterKey, rotation: DataRotation, batch: int) -> int:
    """Re-seal up to ``batch`` rows from the old key to the new; return how many."""
    old = opening_key(session, master, rotation.org_id, rotation.from_version)
    new = opening_key(session, master, rotation.org_id, rotation.to_version)
    done = _reseal_identities(session, rotation, old, new, batch)
    if done < batch:
        done += _reseal_files(session, rotation, old, new, batch - done)
    for rows in _others():
        if done >= batch:
            break
        ids = list(
            session.scalars(rows.under(rotation.org_id, rotation.from_version, batch - done))
        )
        rows.reseal(session, ids, old, new, rotation)
        done += len(ids)
    return done


def _reseal_identities(
    session: Session, rotation: DataRotation, old: DataKey, new: DataKey, batch: int
) -> int:
    wanted = _identities_under(rotation.org_id, rotation.from_version, batch)
    rows = session.execute(
        select(ProtectedIdentity.person_id, ProtectedIdentity.sealed).where(
            ProtectedIdentity.person_id.in_(wanted)
        )
    ).all()
    for person_id, sealed in rows:
        context = field_context("person", person_id, "identity")
        resealed = seal(new, open_sealed(old, sealed, context), context)
        # Only if unchanged since read: an identity re-sealed meanwhile (by an edit,
        # under the new key already) is not overwritten with the old content.
        session.execute(
            update(ProtectedIdentity)
            .where(
                ProtectedIdentity.person_id == person_id,
                ProtectedIdentity.key_version == rotation.from_version,
                ProtectedIdentity.sealed == sealed,
            )
            .values(sealed=resealed, key_version=rotation.to_version)
        )
    return len(rows)


def _reseal_files(
    session: Session, rotation: DataRotation, old: DataKey, new: DataKey, batch: int
) -> int:
    wanted = _files_under(rotation.org_id, rotation.from_version, batch)
    rows = session.execute(
        select(SourceFile.source_id, SourceFile.sealed).where(SourceFile.source_id.in_(wanted))
    ).all()
    for source_id, sealed in rows:
        context = context_of(source_id)
        resealed = seal(new, open_sealed(old, sealed, context), context)
        session.execute(
            update(SourceFile)
            .where(
                SourceFile.source_id == source_id,
                SourceFile.key_version == rotation.from_version,
            )
            .values(sealed=resealed, key_version=rotation.to_version)
        )
    return len(rows)


def finish_data_rotation(session: Session, rotation: DataRotation) -> None:
    """Make the new key the organisation's only key; refused while a row needs the old."""
    row = _org_key(session, rotation.org_id)
    if row.next_wrapped_key is None or row.key_version != rotation.from_version:
        raise VaultError(
            N_("no data key rotation of organisation %(org_id)s is running"), org_id=rotation.org_id
        )
    left = remaining(session, rotation.org_id, rotation.from_version)
    if left:
        raise VaultError(N_("%(left)s rows are still sealed under the old data key"), left=left)
    row.wrapped_key, row.next_wrapped_key = row.next_wrapped_key, None
    row.key_version = rotation.to_version
    session.flush()

"""The sealed identities of a restored register, and whether the master key opens them.

The master key is never in a backup: a register restored without it keeps its
protected identities sealed, and the operator must be told so plainly.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from amanat.access.identity_vault import OrgKey, ProtectedIdentity
from amanat.access.vault import MasterKey, VaultError, unwrap_data_key


@dataclass(frozen=True)
class SealedState:
    identities: int  # protected identities, sealed
    organisations: int  # organisations with a data key
    opened: int | None  # data keys the configured master key opens (None: no key)


def sealed_state(engine: Engine, master: MasterKey | None) -> SealedState:
    with Session(engine) as session:
        identities = session.scalar(select(func.count()).select_from(ProtectedIdentity)) or 0
        keys = session.execute(select(OrgKey.org_id, OrgKey.wrapped_key)).all()
    if master is None:
        return SealedState(identities, len(keys), None)
    opened = 0
    for org_id, wrapped in keys:
        try:
            unwrap_data_key(master, wrapped, org_id)
        except VaultError:
            continue
        opened += 1
    return SealedState(identities, len(keys), opened)

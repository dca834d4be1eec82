"""Protected identities from a file, sealed in the vault as submissions seal them.

A victim's or witness's names, date of birth, documents, phones and addresses never
reach the plaintext tables: the person row holds only what statistics need, and the
identity is sealed with the organisation's data key (``identity_vault.protect``).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from amanat.access.identity_vault import Identity, protect
from amanat.access.vault import MasterKey, PseudonymRole
from amanat.intake.plan import Draft
from amanat.register import Person

_NAME = ("kind", "full_name", "given", "patronymic", "family", "script", "language")
_DOCUMENT = ("doc_type", "number", "issuing_country")
_ADDRESS = ("kind", "line", "country")


def _plain(item: dict[str, object], fields: tuple[str, ...]) -> dict[str, object]:
    return {f: item[f] for f in fields if item.get(f) is not None}


def identity_of(draft: Draft) -> Identity:
    parts = draft.identity
    birth = draft.identity_birth
    return Identity(
        names=[{"kind": "primary", **_plain(n, _NAME)} for n in parts.get("names", [])],
        birth_year=birth.year if birth else None,
        birth_month=birth.month if birth else None,
        birth_day=birth.day if birth else None,
        citizenships=[str(c["country"]) for c in parts.get("citizenships", [])],
        documents=[_plain(d, _DOCUMENT) for d in parts.get("documents", [])],
        phones=[str(p["number"]) for p in parts.get("phones", [])],
        addresses=[_plain(a, _ADDRESS) for a in parts.get("addresses", [])],
    )


def seal(
    session: Session, master: MasterKey, person_id: int, draft: Draft, as_witness: bool
) -> None:
    """Seal the draft's identity for the person row ``person_id`` (already written)."""
    person = session.get(Person, person_id)
    assert person is not None, "the person row is written before its identity is sealed"
    role = PseudonymRole.WITNESS if as_witness else PseudonymRole.VICTIM
    protect(session, master, person, identity_of(draft), role)

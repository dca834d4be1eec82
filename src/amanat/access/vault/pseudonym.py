"""Stable pseudonyms shown instead of a victim's or witness's identity, e.g. ``V-KZ-7F3A``.

Role letter (V victim, W witness), a country code, then 4–6 characters of an HMAC of
the record id under a key derived from the master key.  The same record always has
the same candidates; another deployment (another master key) has different ones;
without the key nothing about the person or the record id can be learnt from them.

The country should be the owning organisation's country, not the victim's
citizenship: the pseudonym is shown to administrators, and citizenship is part of the
identity it stands in for.

Collisions: four characters give about a million values per prefix, so two records
share a four-character code once a prefix holds ~1,000 records.  Uniqueness is
therefore checked by the caller: `pseudonym_candidates` gives the 4-, 5- and 6-character
forms (each extends the previous one), `choose_pseudonym` takes the first one not
taken, and the caller stores it under a unique index.  The stored value is the stable
pseudonym from then on, also across a master key rotation, which changes the candidates.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from amanat.access.vault.keys import MasterKey, derive_subkey

MIN_CODE_LENGTH = 4
MAX_CODE_LENGTH = 6
# Crockford's base32: no I, L, O, U, so a code read aloud or over a phone is not misheard.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PSEUDONYM_PATTERN = re.compile(r"^[VW]-[A-Z]{2}-[0-9A-HJKMNP-TV-Z]{4,6}$")


class PseudonymRole(StrEnum):
    VICTIM = "V"
    WITNESS = "W"


class PseudonymCollisionError(Exception):
    """Every candidate pseudonym for a record is already taken."""


@dataclass(frozen=True)
class PseudonymKey:
    secret: bytes = field(repr=False)

    def __repr__(self) -> str:
        return "PseudonymKey(<secret>)"


def derive_pseudonym_key(master: MasterKey) -> PseudonymKey:
    return PseudonymKey(derive_subkey(master, "pseudonym/v1"))


def pseudonym_candidates(
    key: PseudonymKey, role: PseudonymRole, country: str, record_id: int | str
) -> tuple[str, ...]:
    """The pseudonyms a record may have, shortest first."""
    if not re.fullmatch(r"[A-Z]{2}", country):
        raise ValueError(f"country must be an ISO 3166 alpha-2 code, got {country!r}")
    digest = hmac.new(key.secret, f"record:{record_id}".encode(), hashlib.sha256).digest()
    code = _base32(digest, MAX_CODE_LENGTH)
    prefix = f"{PseudonymRole(role).value}-{country}-"
    return tuple(prefix + code[:n] for n in range(MIN_CODE_LENGTH, MAX_CODE_LENGTH + 1))


def choose_pseudonym(candidates: tuple[str, ...], taken: Callable[[str], bool]) -> str:
    """The first candidate for which ``taken`` is false."""
    for candidate in candidates:
        if not taken(candidate):
            return candidate
    raise PseudonymCollisionError(f"all {len(candidates)} candidate pseudonyms are taken")


def is_pseudonym(text: str) -> bool:
    return PSEUDONYM_PATTERN.fullmatch(text) is not None


def _base32(digest: bytes, length: int) -> str:
    number = int.from_bytes(digest, "big")
    chars = []
    for _ in range(length):
        number, digit = divmod(number, 32)
        chars.append(_ALPHABET[digit])
    return "".join(chars)

"""The encodings a hit/no-hit query compares: computed by the owner of a record (and by
the asker for the query) under a key neither the database nor a hub holds.

- **Exact identifiers**: a keyed HMAC of each normalised value: a document number with
  its type and issuing country, a phone in E.164 (``amanat.names.phones``), and the full
  date of birth with the name's canonical key (``canonical_key``).  Equal values
  give equal HMACs, nothing else.
- **Names**: a Bloom-filter encoding (a CLK, Schnell et al. 2009) of the name layer's
  canonical forms, not of raw bytes: each word's phonetic key (Шевченко and Shevchenko
  both fold to SHEVCHENKA) whole and as bigrams, and the bigrams of its ICAO
  transliteration.  Cyrillic and Latin spellings of one name so set mostly the same bits,
  and Dice similarity of two filters tracks the similarity of the names.

Hardening.  A CLK of a name alone falls to a frequency attack (the commonest filter is
the commonest name) and to pattern mining (bits set together by a frequent bigram;
Christen, Schnell, Vidanage et al. 2017-2020).  Two measures:

1. Salt with the year of birth where known: the hash positions depend on the year, so
   one name's filters differ across years and a name's frequency splits into ~60 small
   ones.  A query with a year is encoded for that year (and its neighbours, a year is
   often misremembered) and, without one, is compared only with records that lack one.
2. XOR-folding (Schnell, Borgs and Encarnação 2016) rather than balancing: each stored
   bit is the XOR of two filter bits, so no stored bit belongs to one bigram, which is
   what pattern mining (Vidanage et al. 2019) reads back; balancing hides the number of
   set bits but keeps every bigram's own positions, and doubles the size.  Folding costs
   a little precision, calibrated by ``benchmarks/discovery.py``.

Decoy encodings are not made yet.  Keys: HKDF-SHA256 from one secret per sharing
agreement (``derive_keys``); within one register the secret is the vault's master key
(``amanat.access.vault``) and the agreement is the register itself.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from amanat.names import Role, name_parts, normalise, normalise_document_number, transliterate

# Filter length before folding; 1024 is clkhash's default.  Folded, 512 bits (64 bytes).
FILTER_BITS = 1024
FOLDED_BYTES = FILTER_BITS // 16
# Hash functions per feature: the whole key and its bigrams weigh more than the
# transliteration's bigrams, which differ between romanisations.
K_KEY, K_BIGRAM, K_TRANSLIT, K_PATRONYMIC = 12, 8, 4, 10
HMAC_BYTES = 16  # 128 bits: collisions out of reach
KEY_BYTES = 32


@dataclass(frozen=True)
class Keys:
    """The keys of one agreement: one for names' filters, one for exact identifiers."""

    names: bytes = field(repr=False)
    exact: bytes = field(repr=False)
    # A fingerprint stored beside each encoding: a query compares encodings of its key only.
    key_id: str = ""


def _hkdf(secret: bytes, info: str) -> bytes:
    kdf = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info.encode())
    return kdf.derive(secret)


def derive_keys(secret: bytes, agreement: str) -> Keys:
    """The keys of ``agreement`` from its secret (HKDF-SHA256, one label per use)."""
    if not agreement:
        raise ValueError("an agreement is named")
    base = f"amanat/discovery/v1/{agreement}/"
    return Keys(
        names=_hkdf(secret, base + "names"),
        exact=_hkdf(secret, base + "exact"),
        key_id=_hkdf(secret, base + "key-id")[:8].hex(),
    )


def _bigrams(text: str) -> list[str]:
    padded = f"_{text}_"
    return [padded[i : i + 2] for i in range(len(padded) - 1)]


def name_features(name: str) -> list[tuple[str, int]]:
    """The canonical forms of a name's words, each with its weight (hash functions)."""
    found: list[tuple[str, int]] = []
    parts = name_parts(name)
    for part in parts:
        if part.role is Role.PATRONYMIC:
            # Often left out: the whole key only, no bigrams, so a name without one
            # still comes close to the same name with it; yet enough hash functions to
            # tell namesakes with different fathers apart (on the medium demo, 10
            # rather than 3 raised held-out precision at "probable" by 2 points).
            found.append((f"K:{part.key}", K_PATRONYMIC))
            continue
        found.append((f"K:{part.key}", K_KEY))
        found.extend((f"B:{gram}", K_BIGRAM) for gram in _bigrams(part.key))
        for word in normalise(transliterate(part.text)).split():
            found.extend((f"T:{gram}", K_TRANSLIT) for gram in _bigrams(word))
    return found


def canonical_key(name: str) -> str:
    """The name's words but the patronymic, as folded keys (a feminine family ending as
    the masculine), in alphabetical order: one string for any script and word order."""
    return " ".join(sorted(p.base for p in name_parts(name) if p.role is not Role.PATRONYMIC))


_STEPS = np.arange(max(K_KEY, K_BIGRAM, K_TRANSLIT, K_PATRONYMIC), dtype=np.uint64)


def name_filter(keys: Keys, names: Iterable[str], year: int | str | None) -> bytes | None:
    """The XOR-folded Bloom filter of ``names`` (all of a record's names in one),
    salted with the year of birth (or the whole date); None when no name has a word.

    Positions by double hashing (Kirsch and Mitzenmacher), as clkhash's "doubleHash"
    does from two HMACs: the i-th of a feature's k positions is h1 + i*h2 modulo the
    length, h1 and h2 from one keyed BLAKE2b of the salted feature (a MAC in its own
    right, several times faster than HMAC here); all features' positions at once."""
    salt = f"{year}|" if year is not None else "|"
    features = [f for name in names for f in name_features(name)]
    if not features:
        return None
    digests = b"".join(
        hashlib.blake2b((salt + f).encode(), key=keys.names, digest_size=16).digest()
        for f, _ in features
    )
    pairs = np.frombuffer(digests, dtype="<u8").reshape(-1, 2)
    h1, h2 = pairs[:, :1], pairs[:, 1:] | np.uint64(1)
    with np.errstate(over="ignore"):  # wrapping modulo 2**64 keeps the value modulo 1024
        at = (h1 + _STEPS * h2) % np.uint64(FILTER_BITS)
    used = np.array([k for _, k in features], dtype=np.uint64)[:, None] > _STEPS
    bits = np.zeros(FILTER_BITS, dtype=np.bool_)
    bits[at[used]] = True
    half = FILTER_BITS // 2
    return bytes(np.packbits(bits[:half] ^ bits[half:]).tobytes())


def _mac(keys: Keys, text: str) -> bytes:
    return hmac.new(keys.exact, text.encode(), hashlib.sha256).digest()[:HMAC_BYTES]


def document_mac(keys: Keys, doc_type: str, country: str | None, number: str) -> bytes | None:
    normal = normalise_document_number(number)
    if normal is None:
        return None
    return _mac(keys, f"document|{doc_type}|{(country or '').upper()}|{normal}")


def phone_mac(keys: Keys, e164: str) -> bytes:
    return _mac(keys, f"phone|{e164}")


def birth_name_mac(keys: Keys, name: str, year: int, month: int, day: int) -> bytes | None:
    key = canonical_key(name)
    if not key:
        return None
    return _mac(keys, f"birth-name|{year:04d}-{month:02d}-{day:02d}|{key}")


def set_bits(stored: npt.NDArray[np.uint8]) -> npt.NDArray[np.int64]:
    """The number of bits set in each filter (a row): kept beside a matrix compared often."""
    found: npt.NDArray[np.int64] = np.bitwise_count(stored.view(np.uint64)).sum(
        axis=1, dtype=np.int64
    )
    return found


def dice(
    query: bytes, stored: npt.NDArray[np.uint8], counts: npt.NDArray[np.int64] | None = None
) -> npt.NDArray[np.float64]:
    """Dice similarity of one filter against a matrix of filters (one per row);
    ``counts``: their ``set_bits``, when known."""
    words = stored.view(np.uint64)  # popcounts of 64-bit words: 8 per filter, not 64
    q = np.frombuffer(query, dtype=np.uint64)
    common = np.bitwise_count(words & q).sum(axis=1, dtype=np.int64)
    total = (set_bits(stored) if counts is None else counts) + int(np.bitwise_count(q).sum())
    score: npt.NDArray[np.float64] = (2.0 * common) / np.maximum(total, 1)
    return score

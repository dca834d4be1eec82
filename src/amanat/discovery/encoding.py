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

Speed.  Names repeat across a population, so each part's canonical forms are cached,
and under one key and year of birth each part's positions and each feature's
(``_part_bits``, bounded LRU caches keyed by the key itself, so no agreement's
positions serve another's); the filter is a 1024-bit integer, OR-ed part by part and
folded with one shift and one XOR.  The bits are those of the first, uncached encoder
(``tests/discovery/test_encoding_golden.py``).

Decoy encodings are not made yet.  Keys: HKDF-SHA256 from one secret per sharing
agreement (``derive_keys``); within one register the secret is the vault's master key
(``amanat.access.vault``) and the agreement is the register itself.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

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


@lru_cache(maxsize=65536)
def _part_features(patronymic: bool, key: str, text: str) -> tuple[tuple[str, int], ...]:
    """The canonical forms of one part of a name (no key in them: shared by every
    agreement); names repeat across a population, so cached per part."""
    if patronymic:
        # Often left out: the whole key only, no bigrams, so a name without one
        # still comes close to the same name with it; yet enough hash functions to
        # tell namesakes with different fathers apart (on the medium demo, 10
        # rather than 3 raised held-out precision at "probable" by 2 points).
        return ((f"K:{key}", K_PATRONYMIC),)
    found = [(f"K:{key}", K_KEY)]
    found.extend((f"B:{gram}", K_BIGRAM) for gram in _bigrams(key))
    for word in normalise(transliterate(text)).split():
        found.extend((f"T:{gram}", K_TRANSLIT) for gram in _bigrams(word))
    return tuple(found)


def name_features(name: str) -> list[tuple[str, int]]:
    """The canonical forms of a name's words, each with its weight (hash functions)."""
    return [
        feature
        for part in name_parts(name)
        for feature in _part_features(part.role is Role.PATRONYMIC, part.key, part.text)
    ]


def canonical_key(name: str) -> str:
    """The name's words but the patronymic, as folded keys (a feminine family ending as
    the masculine), in alphabetical order: one string for any script and word order."""
    return " ".join(sorted(p.base for p in name_parts(name) if p.role is not Role.PATRONYMIC))


_STEPS = np.arange(max(K_KEY, K_BIGRAM, K_TRANSLIT, K_PATRONYMIC), dtype=np.uint64)
_HALF = FILTER_BITS // 2
_LOW_HALF = (1 << _HALF) - 1


@lru_cache(maxsize=16)
def _keyed(key: bytes) -> hashlib.blake2b:
    """BLAKE2b with ``key`` absorbed, copied per feature: the key's block is hashed once
    (the same digests as ``blake2b(data, key=key)``)."""
    return hashlib.blake2b(key=key, digest_size=16)


def _positions(key: bytes, salt: str, features: Iterable[tuple[str, int]]) -> int:
    """The filter of ``features`` as an integer, bit ``FILTER_BITS - 1 - i`` for the
    filter's bit i (the order ``np.packbits`` writes).

    Positions by double hashing (Kirsch and Mitzenmacher), as clkhash's "doubleHash"
    does from two HMACs: the i-th of a feature's k positions is h1 + i*h2 modulo the
    length, h1 and h2 from one keyed BLAKE2b of the salted feature (a MAC in its own
    right, several times faster than HMAC here); all features' positions at once."""
    keyed = _keyed(key)
    digests, weights = [], []
    for feature, k in features:
        mac = keyed.copy()
        mac.update((salt + feature).encode())
        digests.append(mac.digest())
        weights.append(k)
    pairs = np.frombuffer(b"".join(digests), dtype="<u8").reshape(-1, 2)
    h1, h2 = pairs[:, :1], pairs[:, 1:] | np.uint64(1)
    with np.errstate(over="ignore"):  # wrapping modulo 2**64 keeps the value modulo 1024
        at = (h1 + _STEPS * h2) % np.uint64(FILTER_BITS)
    used = np.array(weights, dtype=np.uint64)[:, None] > _STEPS
    bits = np.zeros(FILTER_BITS, dtype=np.bool_)
    bits[at[used]] = True
    return int.from_bytes(np.packbits(bits).tobytes(), "big")


def _feature_bits(key: bytes, salt: str, feature: str, k: int) -> int:
    """One feature's positions as ``_positions`` finds them, for one feature in Python
    (numpy's setup would cost more than its k positions)."""
    mac = _keyed(key).copy()
    mac.update((salt + feature).encode())
    digest = mac.digest()
    h1, h2 = int.from_bytes(digest[:8], "little"), int.from_bytes(digest[8:], "little") | 1
    bits = 0
    for i in range(k):  # modulo 1024 divides modulo 2**64: the wrapping changes nothing
        bits |= 1 << (FILTER_BITS - 1 - (h1 + i * h2) % FILTER_BITS)
    return bits


# Features kept per key and salt: bigrams are few (some thousands), whole keys many.
FEATURES_PER_SALT = 8192


@lru_cache(maxsize=128)  # a century of years of birth, under one key or two
def _features_under(key: bytes, salt: str) -> dict[tuple[str, int], int]:
    """The cached features' positions under one key and salt, filled as they come."""
    return {}


@lru_cache(maxsize=1 << 17)
def _part_bits(key: bytes, salt: str, patronymic: bool, word: str, text: str) -> int:
    """One part's filter under one key and salt.  A year's salt leaves many repeats (on
    the medium demo, 2.5 million features of 77,000 names are 97,000 distinct
    (year, feature) pairs; its 200,000 parts 92,000 distinct (year, part)), so parts
    and features are cached.  Every cache is keyed by the key: one agreement's
    positions are never another's."""
    known = _features_under(key, salt)
    bits = 0
    for feature in _part_features(patronymic, word, text):
        found = known.get(feature)
        if found is None:
            found = _feature_bits(key, salt, *feature)
            if len(known) < FEATURES_PER_SALT:
                known[feature] = found
        bits |= found
    return bits


def clear_caches() -> None:
    """Forget every cached part and feature (a benchmark's cold start, a rotated key)."""
    for cached in (_keyed, _salt, _features_under, _part_bits, _part_features):
        cached.cache_clear()


@lru_cache(maxsize=256)
def _salt(year: int | str | None) -> str:
    """One string per salt, shared by the cached entries (not one copy each)."""
    return f"{year}|" if year is not None else "|"


def name_filter(keys: Keys, names: Iterable[str], year: int | str | None) -> bytes | None:
    """The XOR-folded Bloom filter of ``names`` (all of a record's names in one),
    salted with the year of birth (or the whole date); None when no name has a word.

    A whole date salts too finely for a cache to help (a few persons a day): its
    features are hashed at once, uncached, not to push the years' parts out."""
    salt = _salt(year)
    parts = [p for name in names for p in name_parts(name)]
    if not parts:
        return None
    if isinstance(year, str):
        features = (
            f for p in parts for f in _part_features(p.role is Role.PATRONYMIC, p.key, p.text)
        )
        bits = _positions(keys.names, salt, features)
    else:
        bits = 0
        for p in parts:
            bits |= _part_bits(keys.names, salt, p.role is Role.PATRONYMIC, p.key, p.text)
    # XOR-folded: the stored bit i is the filter's bit i XOR its bit i + 512
    return ((bits >> _HALF) ^ (bits & _LOW_HALF)).to_bytes(FOLDED_BYTES, "big")


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

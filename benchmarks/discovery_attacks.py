"""Attacks on the discovery encodings as an honest-but-curious hub would run them: it
holds every stored name filter, never the key, and knows the scheme (the name layer is
open source, so it can compute any name's features, not their positions).

- **Frequency** (Christen, Ranbaduge, Vatsalan and Schnell 2017-2018): equal encodings
  are equal plaintexts, so the i-th most frequent encoding is aligned with the i-th most
  frequent name of a list the attacker holds.
- **Pattern mining** (Vidanage, Ranbaduge, Christen and Schnell 2019-2020): the
  positions of a frequent feature (a bigram, a phonetic key) are all set in at least as
  many encodings as the feature is frequent, so a frequent set of positions with that
  support is mined for each frequent feature, most frequent first; an encoding is then
  read as the features whose positions it all sets, and re-identified when exactly one
  name of the attacker's list has that reading.

The attacker's list.  No name list with frequencies ships in the installed packages
(natasha's first and last names are alphabetical, without counts), so it is the demo's
own names: those of the identities in the other half (``held_out``), a sample of the
same population, and, as the upper bound, the attacked records themselves (the attacker
knows the exact frequencies).  A record is re-identified when the name it is given has
the true name's canonical key (any script, word order, patronymic aside).

Each attack is also run on an unhardened encoding (no salt, no folding), which it must
break for its figure on the hardened one to mean anything.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from amanat.discovery import encoding
from amanat.discovery.encoding import canonical_key, derive_keys, name_features
from amanat.resolve.records import PersonRecord

Bits = npt.NDArray[np.bool_]
Scheme = Callable[[PersonRecord], bytes]
KEYS = derive_keys(b"a" * 32, "attack")
MINED = 150  # features the pattern-mining attack looks for, most frequent first


def _unfolded(salt: str) -> Scheme:
    def encode(r: PersonRecord) -> bytes:
        salted = salt.format(year=r.birth_year)
        bits = encoding._positions(KEYS.names, salted, name_features(r.name))
        return bits.to_bytes(encoding.FILTER_BITS // 8, "big")

    return encode


def _shipped(r: PersonRecord) -> bytes:
    return encoding.name_filter(KEYS, [r.name], r.birth_year) or b""


def _unsalted_folded(r: PersonRecord) -> bytes:
    return encoding.name_filter(KEYS, [r.name], None) or b""


SCHEMES: dict[str, Scheme] = {
    "unhardened (no salt, not folded)": _unfolded("|"),
    "folded, no salt": _unsalted_folded,
    "salted by year, not folded": _unfolded("{year}|"),
    "shipped (salted by year where known, folded)": _shipped,
}
# Each scheme's salt for a year of birth, for the perfect miner.
SALTS: dict[str, Callable[[int | None], str]] = {
    "unhardened (no salt, not folded)": lambda year: "|",
    "folded, no salt": lambda year: "|",
    "salted by year, not folded": lambda year: f"{year}|",
    "shipped (salted by year where known, folded)": lambda year: (
        "|" if year is None else f"{year}|"
    ),
}
# A tolerant reading: folding clears about a sixth of a feature's positions.
TOLERANT = 0.75


def perfect_mining(
    label: str, encoded: list[bytes], attacked: list[PersonRecord], public: list[PersonRecord]
) -> int:
    """Records re-identified by an attacker who knows every feature's positions and,
    for a salted scheme, each encoding's year (the salt given away): the upper bound."""
    width = len(encoded[0]) * 8
    groups: dict[int | None, list[int]] = defaultdict(list)
    for i, r in enumerate(attacked):
        groups[r.birth_year].append(i)
    listed: dict[int | None, list[str]] = defaultdict(list)
    for r in public:
        listed[r.birth_year].append(r.name)
    found = 0
    for year, rows in groups.items():
        names = listed[year] if SALTS[label](year) != "|" else [r.name for r in public]
        if not names:
            continue
        found += pattern_mining_attack(
            [encoded[i] for i in rows],
            [canonical_key(attacked[i].name) for i in rows],
            names,
            oracle=(width, SALTS[label](year)),
            share_set=TOLERANT if width < encoding.FILTER_BITS else 1.0,
        )[0]
    return found


def frequency_attack(encoded: list[bytes], truth: list[str], public: Sequence[str]) -> int:
    """Records re-identified by aligning encodings and names by frequency rank; ties
    among equal counts are aligned in the attacker's arbitrary order, as he must."""
    groups = Counter(encoded)
    # Names as written: one spelling is one encoding (a Latin and a Cyrillic one are two).
    names = Counter(" ".join(n.casefold().split()) for n in public)
    ranked = [e for e, n in groups.most_common() if n > 1]  # a single one aligns by chance
    keys = (canonical_key(name) for name, _ in names.most_common())
    guess = dict(zip(ranked, keys, strict=False))
    return sum(1 for e, t in zip(encoded, truth, strict=True) if guess.get(e) == t)


def _matrix(encoded: list[bytes]) -> Bits:
    width = max(len(e) for e in encoded)
    data = b"".join(e.ljust(width, b"\0") for e in encoded)
    rows = np.frombuffer(data, dtype=np.uint8).reshape(len(encoded), width)
    found: Bits = np.unpackbits(rows, axis=1).astype(np.bool_)
    return found


def _mine(bits: Bits, support: int, taken: set[int]) -> list[int]:
    """The greedy frequent itemset: positions added while the encodings setting all of
    them stay at least ``support`` (from a seed, the one keeping the most encodings)."""
    rows = np.ones(len(bits), dtype=np.bool_)
    chosen: list[int] = []
    free = [p for p in range(bits.shape[1]) if p not in taken]
    while free:
        counts = (bits[rows][:, free]).sum(axis=0)
        best = int(np.argmax(counts))
        if counts[best] < support:
            break
        chosen.append(free.pop(best))
        rows &= bits[:, chosen[-1]]
    return chosen


def pattern_mining_attack(
    encoded: list[bytes],
    truth: list[str],
    public: Sequence[str],
    oracle: tuple[int, str] | None = None,
    share_set: float = 1.0,
    sample: int = 12000,
) -> tuple[int, int, int]:
    """(records re-identified, features mined, features whose mined positions are
    theirs in the unhardened encoding: the check that the mining works there).
    ``oracle``: the attacker is given each feature's true positions under a salt, folded
    to a width, the most any mining could learn; ``share_set``: the share of a
    feature's positions an encoding must set to be read as having it (folding clears
    some)."""
    bits = _matrix(encoded)
    mining = bits[:: max(1, len(bits) // sample)]
    counts: Counter[tuple[str, int]] = Counter()
    for name in public:
        counts.update(set(name_features(name)))
    share = len(mining) / len(public)
    positions: dict[tuple[str, int], list[int]] = {}
    taken: set[int] = set()
    for feature, n in counts.most_common(MINED):
        if oracle:
            width, salt = oracle
            positions[feature] = sorted({p % width for p in _true_positions(feature, salt)})
            continue
        found = _mine(mining, int(n * share * 0.95), taken)
        if len(found) >= 3:  # fewer positions than a feature's hash functions: noise
            positions[feature] = found
            taken |= set(found)
    features = sorted(positions)
    if not features:
        return 0, 0, 0
    # Features that always come together (-ov: V_ and ov) are mined as one set of
    # positions, the first one's: right when at least half of its own are in it.
    right = sum(2 * len(set(positions[f]) & _true_positions(f)) >= f[1] for f in features)
    # Each encoding read as the features whose positions it all sets, each name of the
    # list as the features it has: (packed rows of) one column per feature.
    read = np.stack([bits[:, positions[f]].mean(axis=1) >= share_set for f in features], axis=1)
    by_reading: dict[bytes, set[str]] = defaultdict(set)
    for name in public:
        own = set(name_features(name))
        has = np.array([f in own for f in features], dtype=np.bool_)
        by_reading[np.packbits(has).tobytes()].add(canonical_key(name))
    found = 0
    for row, t in zip(np.packbits(read, axis=1), truth, strict=True):
        found += by_reading.get(row.tobytes(), set()) == {t}
    return found, len(features), right


def _true_positions(feature: tuple[str, int], salt: str = "|") -> set[int]:
    """A feature's positions before folding (unsalted: the unhardened encoding)."""
    bits = encoding._positions(KEYS.names, salt, [feature])
    return {i for i in range(encoding.FILTER_BITS) if bits >> (encoding.FILTER_BITS - 1 - i) & 1}


def attacks(records: list[PersonRecord], identity: dict[int, int]) -> None:
    from discovery import held_out

    attacked = [r for r in records if held_out(identity[r.id])]
    other = [r for r in records if not held_out(identity[r.id])]
    truth = [canonical_key(r.name) for r in attacked]
    lists = {"other half": other, "own (upper bound)": attacked}
    print(f"attacks on {len(attacked):,} encodings (the held-out identities' records)")
    for label, scheme in SCHEMES.items():
        began = time.process_time()
        encoded = [scheme(r) for r in attacked]
        print(f"  {label} ({len(set(encoded)):,} distinct encodings)")
        for source, public in lists.items():
            names = [r.name for r in public]
            freq = frequency_attack(encoded, truth, names)
            mined, features, right = pattern_mining_attack(encoded, truth, names)
            perfect = perfect_mining(label, encoded, attacked, public)
            print(
                f"    list {source}: frequency {freq / len(encoded):.2%}; pattern mining "
                f"{mined / len(encoded):.2%} ({features} features mined, {right} right); "
                f"perfect mining {perfect / len(encoded):.2%}"
            )
        print(f"    ({time.process_time() - began:.0f} CPU-s)")

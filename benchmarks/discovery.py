"""Hit/no-hit discovery benchmark: quality of hits against the plaintext ranked search on
the same queries, and the speed of encoding and comparing.

    python benchmarks/discovery.py --database sqlite:///var/demo.sqlite \\
        --ground-truth var/demo.ground-truth.csv        # the demo built first when missing

Data: the demo region's person records and its answer key (which records are one
person).  The names are the demo's, but their spellings across scripts and
romanisations come from the name layer's own published schemes and the demo's noise.
Each person with two records or more gives one query (the first record's name and year
of birth) and its true hits (the others).  People are split in two by a hash of their
identity: the calibration half chooses the Dice thresholds (the table printed first), the
held-out half is reported.

The plaintext baseline is the register's ranked name search as a user runs it: records
sharing a phonetic word key with the query (``person_name_key``'s blocking), scored by
``compare_names`` and required to have the same year of birth; a hit at ``POSSIBLE`` or
``MATCH``.  Discovery is scored with the shipped bands (``amanat.discovery.matching``),
comparing each query with every record (no blocking: the encodings give none).  Pairs
are broken down by Cyrillic–Latin, Latin–Latin (different romanisations) and same script.

Speed: records encoded per CPU-second against the canonical forms alone in the same
process, and one query against N encodings (the stored ones tiled to N), medians of
several runs; ``batch``: many queries against the largest N, extrapolated to 100,000.
``attack``: the frequency and pattern-mining attacks of ``discovery_attacks.py``.
``--steps`` picks (``--steps encode`` alone takes a minute or two).
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

import numpy as np
from sqlalchemy import select

from amanat.demo.population import read_ground_truth
from amanat.discovery import matching
from amanat.discovery.encoding import (
    FOLDED_BYTES,
    clear_caches,
    derive_keys,
    dice,
    name_features,
    name_filter,
    set_bits,
)
from amanat.discovery.index import Subject
from amanat.names import (
    MATCH_THRESHOLD,
    POSSIBLE_THRESHOLD,
    compare_names,
    detect_script,
    word_keys,
)
from amanat.register import PersonName
from amanat.resolve.records import PersonRecord, read_people
from amanat.store.engine import make_engine, session_factory
from amanat.store.migrate import upgrade

Pair = tuple[int, int]
CATEGORIES = ("cyrillic–latin", "latin–latin", "same script", "all")


def ensure_demo(database: str, truth: Path, size: str, seed: int) -> None:
    if truth.exists():
        return
    from amanat.demo.region import build_region

    engine = make_engine(database)
    upgrade(engine)
    build_region(engine, size, seed, truth)


def load(database: str, truth: Path) -> tuple[list[PersonRecord], dict[int, int], dict[int, str]]:
    engine = make_engine(database)
    with session_factory(engine)() as session:
        records = [r for r in read_people(session) if r.name]
        styles: dict[int, str] = {}
        for kind, record_id, _identity, style in read_ground_truth(truth):
            if kind == "person":
                styles[record_id] = style
        _ = session.scalar(select(PersonName.id).limit(1))
    identity = {rid: iid for kind, rid, iid, _ in read_ground_truth(truth) if kind == "person"}
    return [r for r in records if r.id in identity], identity, styles


def held_out(identity_id: int) -> bool:
    return hashlib.sha256(str(identity_id).encode()).digest()[0] % 2 == 1


def category(a: PersonRecord, b: PersonRecord, styles: dict[int, str]) -> str:
    sa, sb = detect_script(a.name).value, detect_script(b.name).value
    if {sa, sb} == {"cyrillic", "latin"}:
        return "cyrillic–latin"
    if sa == sb == "latin" and styles.get(a.id) != styles.get(b.id):
        return "latin–latin"
    return "same script"


def measure(
    found: set[Pair], truth: set[Pair], cat: Callable[[Pair], str]
) -> dict[str, tuple[float, float, int]]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for p in found:
        for c in (cat(p), "all"):
            counts[c][0] += 1
            counts[c][2] += p in truth
    for p in truth:
        for c in (cat(p), "all"):
            counts[c][1] += 1
    return {
        c: (both / n if n else 0.0, both / t if t else 0.0, t) for c, (n, t, both) in counts.items()
    }


def plaintext_hits(
    queries: list[PersonRecord], records: list[PersonRecord], threshold: float
) -> tuple[set[Pair], float]:
    by_key: dict[str, list[PersonRecord]] = defaultdict(list)
    for r in records:
        for key in set(word_keys(r.name)):
            by_key[key].append(r)
    found: set[Pair] = set()
    began = time.process_time()
    for q in queries:
        seen: dict[int, PersonRecord] = {}
        for key in set(word_keys(q.name)):
            seen.update((r.id, r) for r in by_key[key] if r.id != q.id)
        for r in seen.values():
            if r.birth_year != q.birth_year:
                continue
            if compare_names(q.name, r.name).score >= threshold:
                found.add((q.id, r.id))
    return found, (time.process_time() - began) / max(len(queries), 1)


def _dated(r: PersonRecord) -> str | None:
    if r.birth_year and r.birth_month and r.birth_day:
        return f"{r.birth_year:04d}-{r.birth_month:02d}-{r.birth_day:02d}"
    return None


def discovery_hits(
    queries: list[PersonRecord], records: list[PersonRecord], secret: bytes, bands: set[str]
) -> set[Pair]:
    """The pairs discovery answers in ``bands``, by the shipped matching (names and dates
    of birth only, as the baseline)."""
    keys = derive_keys(secret, "benchmark")
    salted = [r for r in records if r.birth_year is not None]
    plain = [r for r in records if r.birth_year is None]
    dated = [r for r in records if _dated(r)]
    stores = {
        "name": (salted, _matrix([name_filter(keys, [r.name], r.birth_year) for r in salted])),
        "name_unsalted": (plain, _matrix([name_filter(keys, [r.name], None) for r in plain])),
        "name_dated": (dated, _matrix([name_filter(keys, [r.name], _dated(r)) for r in dated])),
    }
    found: set[Pair] = set()
    for q in queries:
        subject = Subject(names=[q.name], year=q.birth_year, month=q.birth_month, day=q.birth_day)
        for kind, wanted in matching.query_filters(keys, subject).items():
            rows, matrix = stores[kind]
            if not rows:
                continue
            for at, band in matching.name_bands(wanted, matrix):
                if band in bands and rows[at].id != q.id:
                    found.add((q.id, rows[at].id))
    return found


def _matrix(filters: list[bytes | None]) -> np.ndarray:
    data = b"".join(f or bytes(FOLDED_BYTES) for f in filters)
    return np.frombuffer(data, dtype=np.uint8).reshape(len(filters), FOLDED_BYTES)


def calibrate(queries: list[PersonRecord], records: list[PersonRecord], truth: set[Pair]) -> None:
    keys = derive_keys(b"c" * 32, "calibration")
    salted = [r for r in records if r.birth_year is not None]
    matrix = _matrix([name_filter(keys, [r.name], r.birth_year) for r in salted])
    scores: list[tuple[float, bool]] = []
    for q in queries:
        if q.birth_year is None:
            continue
        d = dice(name_filter(keys, [q.name], q.birth_year) or bytes(FOLDED_BYTES), matrix)
        for at in np.flatnonzero(d >= 0.6):
            if salted[at].id != q.id:
                scores.append((float(d[at]), (q.id, salted[at].id) in truth))
    relevant = sum(1 for p in truth if p[0] in {q.id for q in queries})
    print("calibration half: Dice threshold -> precision / recall (same year of birth)")
    for threshold in np.arange(0.66, 0.97, 0.02):
        kept = [t for s, t in scores if s >= threshold]
        precision = sum(kept) / len(kept) if kept else 0.0
        print(f"  {threshold:.2f}  {precision:.3f} / {sum(kept) / max(relevant, 1):.3f}")


def _clear_name_caches() -> None:
    """The name layer caches its folds per string, the encoder its parts' forms and
    positions: clear them, so that each run pays as a first encoding of a register does."""
    clear_caches()
    for module, name in (
        ("normalise", "normalise"),
        ("parts", "name_parts"),
        ("parts", "_classify"),
        ("phonetic", "phonetic_key"),
        ("phonetic", "_word_key"),
        ("transliterate", "_transliterate"),
    ):
        getattr(import_module(f"amanat.names.{module}"), name).cache_clear()


def _rates(records: list[PersonRecord], runs: int) -> tuple[float, float, float]:
    """Records per CPU-second (medians): the canonical forms alone, the encoding from
    cold caches, and the encoding again with the caches warm (a query, a re-index)."""
    keys = derive_keys(b"s" * 32, "speed")
    form_times, cold_times, warm_times = [], [], []
    for _ in range(runs):
        _clear_name_caches()
        began = time.process_time()
        for r in records:
            name_features(r.name)
        form_times.append(time.process_time() - began)
        _clear_name_caches()
        began = time.process_time()
        for r in records:
            name_filter(keys, [r.name], r.birth_year)
        cold_times.append(time.process_time() - began)
        began = time.process_time()
        for r in records:
            name_filter(keys, [r.name], r.birth_year)
        warm_times.append(time.process_time() - began)
    forms, cold, warm = (
        len(records) / statistics.median(t) for t in (form_times, cold_times, warm_times)
    )
    return forms, cold, warm


def encoding_speed(records: list[PersonRecord], runs: int) -> None:
    """Encoding against its baseline, the canonical forms alone (which any encoding of the
    name layer's forms pays), in one process: on a sample of 3,000 records (names repeat
    less) and on every record (a register's first index)."""
    for sample in (records[:3000], records):
        forms, cold, warm = _rates(sample, runs)
        print(
            f"encoding {len(sample):,} records: {cold:,.0f} per CPU-second cold (median of "
            f"{runs}), {warm:,.0f} warm; canonical forms alone {forms:,.0f}/s; encoding "
            f"costs {forms / cold:.2f}x the forms"
        )


def speed(records: list[PersonRecord], sizes: list[int], runs: int) -> None:
    """One query's comparison against N encodings (the stored ones tiled to N)."""
    keys = derive_keys(b"s" * 32, "speed")
    filters = [name_filter(keys, [r.name], r.birth_year) for r in records[:3000]]
    base = _matrix(filters)
    query = filters[0] or bytes(FOLDED_BYTES)
    for n in sizes:
        tiled = np.resize(base, (n, FOLDED_BYTES))
        counts = set_bits(tiled)  # kept with the stored encodings, not per query
        times = []
        for _ in range(runs):
            began = time.perf_counter()
            dice(query, tiled, counts)
            times.append(time.perf_counter() - began)
        median = statistics.median(times)
        print(
            f"one query against {n:,} encodings: {median * 1000:.1f} ms (median of {runs}); "
            f"{n / median / 1e6:.1f} M comparisons/s"
        )


def batch_speed(records: list[PersonRecord], n: int, queries: int) -> None:
    """``queries`` distinct queries against ``n`` encodings one after the other, as the
    shipped matching compares them (CPU time, so the load of others counts less), and
    the time 100,000 of them would take at that rate."""
    keys = derive_keys(b"s" * 32, "speed")
    filters = [name_filter(keys, [r.name], r.birth_year) for r in records[:3000]]
    tiled = np.resize(_matrix(filters), (n, FOLDED_BYTES))
    counts = set_bits(tiled)
    asked = [name_filter(keys, [r.name], r.birth_year) for r in records[-queries:]]
    began = time.process_time()
    for query in asked:
        np.flatnonzero(dice(query or bytes(FOLDED_BYTES), tiled, counts) >= matching.POSSIBLE)
    per_query = (time.process_time() - began) / len(asked)
    print(
        f"{len(asked)} queries against {n:,} encodings: {per_query * 1000:.1f} CPU-ms a query; "
        f"100,000 would take {per_query * 100_000 / 60:,.0f} CPU-minutes "
        f"({per_query * 100_000 / 60 / 2:,.0f} on this machine's 2 cores)"
    )


def quality(
    records: list[PersonRecord], identity: dict[int, int], styles: dict[int, str], queries: int
) -> None:
    by_id = {r.id: r for r in records}
    members: dict[int, list[int]] = defaultdict(list)
    for r in records:
        members[identity[r.id]].append(r.id)
    truth = {(a, b) for ids in members.values() for a in ids for b in ids if a != b}
    halves: dict[bool, list[PersonRecord]] = {False: [], True: []}
    for iid, ids in sorted(members.items()):
        if len(ids) > 1:
            halves[held_out(iid)].append(by_id[min(ids)])
    calibration, test = (halves[False][:queries], halves[True][:queries])
    print(f"{len(records):,} records, {len(members):,} people; {len(test)} held-out queries")
    calibrate(calibration, records, truth)
    asked = {q.id for q in test}
    relevant = {p for p in truth if p[0] in asked}
    cat = lambda p: category(by_id[p[0]], by_id[p[1]], styles)  # noqa: E731
    results = {}
    for label, threshold in (
        ("plaintext ≥ match", MATCH_THRESHOLD),
        ("plaintext ≥ possible", POSSIBLE_THRESHOLD),
    ):
        found, per_query = plaintext_hits(test, records, threshold)
        results[label] = measure(found, relevant, cat)
        plain_cpu = per_query
    for label, bands in (
        ("discovery certain", {"certain"}),
        ("discovery ≥ probable", {"certain", "probable"}),
        ("discovery ≥ possible", {"certain", "probable", "possible"}),
    ):
        found = discovery_hits(test, records, b"q" * 32, bands)
        results[label] = measure(found, relevant, cat)
    print("held-out half: precision / recall (true pairs)")
    for label, by_cat in results.items():
        cells = [
            f"{c}: {by_cat[c][0]:.3f}/{by_cat[c][1]:.3f} ({by_cat[c][2]})"
            for c in CATEGORIES
            if c in by_cat
        ]
        print(f"  {label:22s} " + "; ".join(cells))
    print(f"plaintext search: {plain_cpu * 1000:.1f} CPU-ms per query (blocked on word keys)")


STEPS = ("quality", "encode", "compare", "batch", "attack")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite:///var/demo.sqlite")
    parser.add_argument("--ground-truth", type=Path, default=Path("var/demo.ground-truth.csv"))
    parser.add_argument("--size", default="small")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--queries", type=int, default=400, help="per half, at most")
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--batch-queries", type=int, default=50)
    parser.add_argument("--steps", default="quality,encode,compare", help=f"of {', '.join(STEPS)}")
    args = parser.parse_args()
    steps = set(args.steps.split(","))
    if steps - set(STEPS):
        parser.error(f"steps are {', '.join(STEPS)}")
    ensure_demo(args.database, args.ground_truth, args.size, args.seed)
    records, identity, styles = load(args.database, args.ground_truth)
    if "quality" in steps:
        quality(records, identity, styles, args.queries)
    if "encode" in steps:
        encoding_speed(records, args.runs)
    if "compare" in steps:
        speed(records, [int(n) for n in args.sizes.split(",")], args.runs)
    if "batch" in steps:
        batch_speed(records, int(args.sizes.split(",")[-1]), args.batch_queries)
    if "attack" in steps:
        from discovery_attacks import attacks

        attacks(records, identity)


if __name__ == "__main__":
    main()

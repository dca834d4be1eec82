"""Open-source reports benchmark (issue 20): precision, recall and F1 of the extractor's
events, quantities and actors on gold sets, per language, and its speed on reports of
about 1,000 words.

    python benchmarks/reports.py [--gold FILE ...] [--speed-reports 10] [--show-misses]

Gold sets (``benchmarks/reports_gold``), each reported apart:
- "tuned", ``gold.yaml``: 12 short reports written by the extractor's author and tuned
  on — what the rules cover, not how they fare on others' reports.  Its events carry no
  counts or actors, so only events are scored there.
- "dev", ``dev.yaml``: 27 reports written for tuning after only the held-out run's
  summarised failure causes (BENCHMARKS.md), annotated as the held-out set is (the date
  and country a reader understands, ``context`` where taken from around the sentence).
- "held-out", ``heldout.yaml``: 32 reports written by another helper without reading
  the rules, with the annotation guidelines at the top of the file; nobody may tune the
  extractor on them.

Events: a proposed event is right when a gold event of the same report has the same
(kind, date, country, negated) — as precise as the text, so "2013-10" is not
"2013-10-14".  "F1 local" leaves out of the gold the dates and countries its annotator
took from outside the event's sentences (the held-out set's ``context``); "F1 no
country"/"no date" leave out one of the two; "kind F1" matches on the kind alone.
"Invented": the share of proposed events whose kind the report's gold has not at all (a
distractor report has no gold); "unpaired", stricter: the share paired with no gold
event even by kind (a second arrest where the gold has one is unpaired, not invented).

Quantities and actors are scored on pairs of events: each proposed event is paired with
at most one gold event of its report — first those that match whole, then those of the
same kind and negation (agreeing in date or country first), then the same kind.  A
count is right when its pair's gold event has the same count with the same value; an
actor when it has an actor of the same role whose normalised text (case, "ё", quotes
and punctuation, a leading "the" left out) is the same or one holds the other's words
in a row, covering at least half of the longer.  Counts and actors of unpaired events
are wrong (proposed) or missed (gold).  Hedged accuracy: pairs whose hedged flag agrees.

Speed, per language: the sets' text tiled to 1,000 words, read and extracted
``--speed-reports`` times one after the other (the model loaded first), median of three
runs, in wall seconds and in CPU-seconds (the machine is shared; CPU time is steadier).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import re
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from amanat.reports.document import read_report
from amanat.reports.extract import DefaultExtractor

GOLD_DIR = Path(__file__).parent / "reports_gold"
LABELS = {"gold.yaml": "tuned", "dev.yaml": "dev", "heldout.yaml": "held-out"}
Event = dict[str, Any]
Key = tuple[str, str | None, str | None, bool]


def _key(event: Event) -> Key:
    return (event["kind"], event.get("date"), event.get("country"), bool(event.get("negated")))


def _local_key(event: Event) -> Key:
    """The gold event's key less what its annotator took from outside its sentences."""
    context = event.get("context") or ()
    return (
        event["kind"],
        None if "date" in context else event.get("date"),
        None if "country" in context else event.get("country"),
        bool(event.get("negated")),
    )


def _scores(found: float, gold: float, right: float) -> tuple[float, float, float]:
    precision = right / found if found else 0.0
    recall = right / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _as_gold_shape(proposed: dict[str, Any]) -> Event:
    """A proposed event in the gold's shape (country at the top)."""
    return {**proposed, "country": proposed["place"]["country"]}


def pair_events(gold: list[Event], proposed: list[Event]) -> list[tuple[Event, Event]]:
    """Each proposed event with at most one gold event: whole matches first, then the
    same kind and negation (closest in date and country), then the same kind."""
    free_gold, free_proposed = list(gold), list(proposed)
    pairs: list[tuple[Event, Event]] = []

    def take(same: Any, rank: Any) -> None:
        for p in list(free_proposed):
            candidates = [g for g in free_gold if same(g, p)]
            if candidates:
                best = max(candidates, key=lambda g: rank(g, p))
                free_gold.remove(best)
                free_proposed.remove(p)
                pairs.append((best, p))

    def nearness(g: Event, p: Event) -> int:
        return int(g.get("date") == p.get("date")) + int(g.get("country") == p.get("country"))

    take(lambda g, p: _key(g) == _key(p), lambda g, p: 0)
    take(
        lambda g, p: (g["kind"], bool(g.get("negated"))) == (p["kind"], bool(p.get("negated"))),
        nearness,
    )
    take(lambda g, p: g["kind"] == p["kind"], nearness)
    return pairs


def _words(text: str) -> list[str]:
    lowered = text.casefold().replace("ё", "е")
    words = re.findall(r"\w+", lowered)
    return words[1:] if words[:1] == ["the"] else words


def _holds(longer: list[str], shorter: list[str]) -> bool:
    return any(
        longer[i : i + len(shorter)] == shorter for i in range(len(longer) - len(shorter) + 1)
    )


def same_actor(gold: dict[str, str], proposed: dict[str, str]) -> bool:
    if gold["role"] != proposed["role"]:
        return False
    a, b = _words(gold["text"]), _words(proposed["text"])
    if not a or not b:
        return False
    longer, shorter = (a, b) if len(a) >= len(b) else (b, a)
    return a == b or (_holds(longer, shorter) and 2 * len(shorter) >= len(longer))


def _counts_right(gold: Event, proposed: Event) -> int:
    expected, found = gold.get("counts") or {}, proposed.get("counts") or {}
    return sum(
        1
        for name, value in found.items()
        if name in expected and math.isclose(float(expected[name]), float(value), rel_tol=1e-3)
    )


def _actors_right(gold: Event, proposed: Event) -> int:
    left = list(gold.get("actors") or [])
    right = 0
    for actor in proposed.get("actors") or []:
        match = next((g for g in left if same_actor(g, actor)), None)
        if match is not None:
            left.remove(match)
            right += 1
    return right


def _agreement(field: str, gold: Any, proposed: Any) -> str | None:
    """Why a pair's field differs, or None where it agrees."""
    if gold == proposed:
        return None
    if proposed is None:
        return f"{field} missing"
    return f"{field} where gold has none" if gold is None else f"{field} wrong"


def _failures(
    expected: list[Event], proposed: list[Event], pairs: list[tuple[Event, Event]]
) -> Counter[str]:
    """The causes of misses and wrong events, one count for each."""
    causes: Counter[str] = Counter()
    kinds = {e["kind"] for e in expected}
    paired_gold = [id(g) for g, _ in pairs]
    paired_proposed = [id(p) for _, p in pairs]
    causes["gold event with no proposed of its kind"] += sum(
        id(e) not in paired_gold for e in expected
    )
    for event in proposed:
        if id(event) not in paired_proposed:
            causes[
                "invented (kind not in gold)"
                if event["kind"] not in kinds
                else "extra event of a gold kind"
            ] += 1
    for g, p in pairs:
        for field in ("date", "country"):
            cause = _agreement(field, g.get(field), p.get(field))
            if cause:
                causes[cause] += 1
        for flag in ("negated", "hedged"):
            if bool(g.get(flag)) != bool(p.get(flag)):
                causes[f"{flag} flag wrong"] += 1
    return causes


def _tally_report(counts: Counter[str], expected: list[Event], proposed: list[Event]) -> None:
    found_keys = Counter(_key(e) for e in proposed)
    gold_keys = Counter(_key(e) for e in expected)
    counts["found"] += len(proposed)
    counts["gold"] += len(expected)
    counts["right"] += sum((found_keys & gold_keys).values())
    counts["right_local"] += sum((found_keys & Counter(_local_key(e) for e in expected)).values())
    for name, drop in (("right_no_country", 2), ("right_no_date", 1)):
        left_out = Counter(k[:drop] + k[drop + 1 :] for k in found_keys.elements())
        gold_left = Counter(k[:drop] + k[drop + 1 :] for k in gold_keys.elements())
        counts[name] += sum((left_out & gold_left).values())
    kinds = Counter(e["kind"] for e in expected)
    counts["kind_right"] += sum((Counter(e["kind"] for e in proposed) & kinds).values())
    counts["invented"] += sum(1 for e in proposed if e["kind"] not in kinds)
    pairs = pair_events(expected, proposed)
    counts["paired"] += len(pairs)
    counts["unpaired"] += len(proposed) - len(pairs)
    counts["hedged_agree"] += sum(bool(g.get("hedged")) == bool(p.get("hedged")) for g, p in pairs)
    counts["gold_hedged"] += sum(bool(e.get("hedged")) for e in expected)
    counts["hedged_found"] += sum(bool(g.get("hedged")) and bool(p.get("hedged")) for g, p in pairs)
    counts["date_agree"] += sum(g.get("date") == p.get("date") for g, p in pairs)
    counts["country_agree"] += sum(g.get("country") == p.get("country") for g, p in pairs)
    counts["q_found"] += sum(len(e.get("counts") or {}) for e in proposed)
    counts["q_gold"] += sum(len(e.get("counts") or {}) for e in expected)
    counts["q_right"] += sum(_counts_right(g, p) for g, p in pairs)
    counts["a_found"] += sum(len(e.get("actors") or []) for e in proposed)
    counts["a_gold"] += sum(len(e.get("actors") or []) for e in expected)
    counts["a_right"] += sum(_actors_right(g, p) for g, p in pairs)
    counts.update({f"why:{k}": v for k, v in _failures(expected, proposed, pairs).items()})


def _show_misses(item: dict[str, Any], expected: list[Event], proposed: list[Event]) -> None:
    missed = Counter(_key(e) for e in expected) - Counter(_key(e) for e in proposed)
    wrong = Counter(_key(e) for e in proposed) - Counter(_key(e) for e in expected)
    for key in missed.elements():
        print(f"  {item['id']}: missed {key}")
    for key in wrong.elements():
        print(f"  {item['id']}: wrong  {key}")


def _language(item: dict[str, Any]) -> str:
    return str(item.get("language") or ("ru" if item["id"].startswith("ru") else "en"))


def _print_events(tally: dict[str, Counter[str]], reports: Counter[str]) -> None:
    print(
        "language  reports  events  found  right  precision  recall  F1     F1-local  "
        "F1-no-country  F1-no-date  kind-F1  invented  unpaired  "
        "hedged-acc (pairs; gold hedged/flagged)"
    )
    for language, c in sorted(tally.items()):
        p, r, f = _scores(c["found"], c["gold"], c["right"])
        _, _, fl = _scores(c["found"], c["gold"], c["right_local"])
        _, _, fc = _scores(c["found"], c["gold"], c["right_no_country"])
        _, _, fd = _scores(c["found"], c["gold"], c["right_no_date"])
        _, _, kf = _scores(c["found"], c["gold"], c["kind_right"])
        print(
            f"{language:8}  {reports[language]:7}  {c['gold']:6}  {c['found']:5}  "
            f"{c['right']:5}  {p:9.3f}  {r:6.3f}  {f:5.3f}  {fl:8.3f}  {fc:13.3f}  {fd:10.3f}  "
            f"{kf:7.3f}  {c['invented'] / max(c['found'], 1):8.1%}  "
            f"{c['unpaired'] / max(c['found'], 1):8.1%}  "
            f"{c['hedged_agree'] / max(c['paired'], 1):10.3f} "
            f"({c['paired']}; {c['gold_hedged']}/{c['hedged_found']})"
        )


def _print_parts(tally: dict[str, Counter[str]]) -> None:
    print("language  part        gold  found  right  precision  recall  F1")
    for language, c in sorted(tally.items()):
        for part, prefix in (("quantities", "q"), ("actors", "a")):
            p, r, f = _scores(c[f"{prefix}_found"], c[f"{prefix}_gold"], c[f"{prefix}_right"])
            print(
                f"{language:8}  {part:10}  {c[f'{prefix}_gold']:4}  {c[f'{prefix}_found']:5}  "
                f"{c[f'{prefix}_right']:5}  {p:9.3f}  {r:6.3f}  {f:5.3f}"
            )


def _print_failures(tally: dict[str, Counter[str]]) -> None:
    languages = sorted(tally)
    causes = sorted(
        {k for c in tally.values() for k, n in c.items() if k.startswith("why:") and n},
        key=lambda k: -sum(c[k] for c in tally.values()),
    )
    if not causes:
        return
    print("cause (events, paired on kind)".ljust(44) + "".join(f"{x:>6}" for x in languages))
    for cause in causes:
        print(cause[4:].ljust(44) + "".join(f"{tally[x][cause]:6}" for x in languages))


def quality(
    extractor: DefaultExtractor, gold: list[dict[str, Any]], label: str, show: bool
) -> None:
    tally: dict[str, Counter[str]] = {}
    reports: Counter[str] = Counter()
    annotated = any("counts" in e or "actors" in e for item in gold for e in item["events"])
    for item in gold:
        language = _language(item)
        reports[language] += 1
        report = read_report(f"{item['id']}.txt", item["text"].encode())
        base = (
            item["date"]
            if isinstance(item["date"], dt.date)
            else dt.date.fromisoformat(item["date"])
        )
        proposed = [_as_gold_shape(e.as_json()) for e in extractor.extract(report, base).events]
        _tally_report(tally.setdefault(language, Counter()), item["events"], proposed)
        if show:
            _show_misses(item, item["events"], proposed)
    print(f"\n{label}: {len(gold)} reports")
    _print_events(tally, reports)
    if annotated:
        _print_parts(tally)
    else:
        print("(no counts or actors annotated in this set: quantities and actors not scored)")
    _print_failures(tally)


def speed(extractor: DefaultExtractor, gold: list[dict[str, Any]], count: int) -> None:
    for language in ("ru", "en"):
        words = " ".join(g["text"] for g in gold if _language(g) == language).split()
        text = " ".join((words * (1000 // len(words) + 1))[:1000])
        extractor.extract(read_report("warm.txt", text.encode()), dt.date(2024, 1, 1))
        runs = []
        for _ in range(3):
            start, cpu = time.perf_counter(), time.process_time()
            for _ in range(count):
                extractor.extract(read_report("r.txt", text.encode()), dt.date(2024, 1, 1))
            runs.append((time.perf_counter() - start, time.process_time() - cpu))
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        print(
            f"speed {language}: {count} reports of 1,000 words: {count / wall:.1f} reports/s "
            f"wall, {count / cpu:.1f} per CPU-second"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--gold",
        action="append",
        type=Path,
        help="a gold set (YAML); repeat for several; default: gold, dev and heldout.yaml",
    )
    parser.add_argument("--speed-reports", type=int, default=10, help="0: no speed run")
    parser.add_argument(
        "--show-misses", action="store_true", help="print each missed and wrong event"
    )
    args = parser.parse_args()
    files = args.gold or [GOLD_DIR / name for name in LABELS]
    extractor = DefaultExtractor()
    everything: list[dict[str, Any]] = []
    for path in files:
        gold = yaml.safe_load(path.read_text("utf-8"))
        quality(
            extractor, gold, f"{LABELS.get(path.name, path.stem)} ({path.name})", args.show_misses
        )
        everything.extend(gold)
    if args.speed_reports > 0:
        speed(extractor, everything, args.speed_reports)


if __name__ == "__main__":
    main()

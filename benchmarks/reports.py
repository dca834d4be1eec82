"""Open-source reports benchmark (issue 20): event precision, recall and F1 on a gold
set, per language, and the extractor's speed on reports of about 1,000 words.

    python benchmarks/reports.py [--speed-reports 10]

Gold: ``benchmarks/reports_gold/gold.yaml`` — written by the extractor's author, so its
figures are optimistic (what the rules cover, not how they fare on others' reports).
No labelled Russian NER sample ships with natasha 1.6, slovnet, navec or razdel, so
entity extraction is not measured on data the author did not write.

An event matches a gold one on (kind, date, country, negated); "invented" counts the
proposed events with no gold event of the same kind in the report at all.  Speed, per language: the
gold reports' text tiled to 1,000 words, read and extracted ``--speed-reports`` times
one after the other (the model loaded first), median of three runs, in wall seconds and
in CPU-seconds (the machine is shared; CPU time is the steadier figure).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from amanat.reports.document import read_report
from amanat.reports.extract import DefaultExtractor

GOLD = Path(__file__).parent / "reports_gold" / "gold.yaml"
Key = tuple[str, str | None, str | None, bool]


def _key(event: dict[str, Any]) -> Key:
    return (event["kind"], event.get("date"), event.get("country"), bool(event.get("negated")))


def _scores(found: int, gold: int, right: int) -> tuple[float, float, float]:
    precision = right / found if found else 0.0
    recall = right / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def quality(extractor: DefaultExtractor, gold: list[dict[str, Any]]) -> None:
    tally: dict[str, Counter[str]] = {}
    for item in gold:
        language = "ru" if item["id"].startswith("ru") else "en"
        report = read_report(f"{item['id']}.txt", item["text"].encode())
        base = (
            item["date"]
            if isinstance(item["date"], dt.date)
            else dt.date.fromisoformat(item["date"])
        )
        proposed = [e.as_json() for e in extractor.extract(report, base).events]
        found = Counter(
            (e["kind"], e["date"], e["place"]["country"], e["negated"]) for e in proposed
        )
        expected = Counter(_key(e) for e in item["events"])
        counts = tally.setdefault(language, Counter())
        counts["found"] += sum(found.values())
        counts["gold"] += sum(expected.values())
        counts["right"] += sum((found & expected).values())
        kinds = {e["kind"] for e in item["events"]}
        counts["invented"] += sum(1 for e in proposed if e["kind"] not in kinds)
        counts["kind_right"] += sum(
            (
                Counter(e["kind"] for e in proposed) & Counter(e["kind"] for e in item["events"])
            ).values()
        )
    print("language  reports-events  found  right  precision  recall  F1     kind-F1  invented")
    for language, c in sorted(tally.items()):
        p, r, f = _scores(c["found"], c["gold"], c["right"])
        _, _, kf = _scores(c["found"], c["gold"], c["kind_right"])
        print(
            f"{language:8}  {c['gold']:14}  {c['found']:5}  {c['right']:5}  {p:9.3f}  {r:6.3f}  "
            f"{f:5.3f}  {kf:7.3f}  {c['invented'] / max(c['found'], 1):.1%}"
        )


def speed(extractor: DefaultExtractor, gold: list[dict[str, Any]], count: int) -> None:
    for language in ("ru", "en"):
        words = " ".join(g["text"] for g in gold if g["id"].startswith(language)).split()
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
    parser.add_argument("--speed-reports", type=int, default=10)
    args = parser.parse_args()
    gold = yaml.safe_load(GOLD.read_text("utf-8"))
    extractor = DefaultExtractor()
    quality(extractor, gold)
    speed(extractor, gold, args.speed_reports)


if __name__ == "__main__":
    main()

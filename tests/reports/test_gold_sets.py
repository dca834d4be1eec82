"""The gold sets of benchmarks/reports.py hold together: every event has its keys, its
date parses at the precision it claims, its country is in the register's vocabulary,
and its evidence and actors are words of its own report."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from amanat.vocab.loader import vocabulary

GOLD = Path(__file__).parents[2] / "benchmarks" / "reports_gold"
KINDS = {
    "arrest",
    "charge",
    "prosecution",
    "conviction",
    "acquittal",
    "sentence",
    "seizure",
    "rescue",
    "operation",
    "statistic",
}
COUNTS = {"people", "victims", "mass_kg", "weapons", "prison_years"}
ROLES = {"suspect", "victim", "court", "agency", "official"}
EVENT_KEYS = {
    "kind",
    "date",
    "country",
    "negated",
    "hedged",
    "counts",
    "actors",
    "evidence",
    "context",
}
REPORT_KEYS = {"id", "language", "genre", "date", "text", "events"}


def _load(name: str) -> list[dict[str, Any]]:
    loaded = yaml.safe_load((GOLD / name).read_text("utf-8"))
    assert isinstance(loaded, list)
    return loaded


def _date_ok(value: str) -> bool:
    if re.fullmatch(r"\d{4}", value):
        return 1900 < int(value) < 2100
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return 1 <= int(value[5:]) <= 12
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


@pytest.mark.parametrize("name", ["gold.yaml", "dev.yaml", "heldout.yaml"])
def test_every_event_is_well_formed(name: str) -> None:
    countries = set(vocabulary("country").codes())
    for report in _load(name):
        assert isinstance(report["date"], dt.date), report["id"]
        for event in report["events"]:
            where = f"{report['id']}: {event}"
            assert event["kind"] in KINDS, where
            assert event["date"] is None or _date_ok(event["date"]), where
            assert event["country"] is None or event["country"] in countries, where
            # A report's events happen on or before the day it was written.
            if event["date"] is not None:
                assert event["date"] <= report["date"].isoformat(), where
            assert isinstance(event.get("negated", False), bool), where
            assert isinstance(event.get("hedged", False), bool), where


def test_heldout_set_is_complete_and_its_quotes_are_its_reports_words() -> None:
    heldout = _load("heldout.yaml")
    languages = [r["language"] for r in heldout]
    assert languages.count("ru") >= 16 and languages.count("en") >= 16
    assert len(heldout) + len(_load("gold.yaml")) >= 44
    assert len({r["id"] for r in heldout}) == len(heldout)
    assert any(not r["events"] for r in heldout if r["language"] == "ru")
    assert any(not r["events"] for r in heldout if r["language"] == "en")
    seen_kinds = set()
    for report in heldout:
        assert set(report) == REPORT_KEYS, report["id"]
        assert report["id"].startswith(report["language"]), report["id"]
        assert 80 <= len(report["text"].split()) <= 300, report["id"]
        for event in report["events"]:
            where = f"{report['id']}: {event['kind']}"
            assert set(event) <= EVENT_KEYS and {"kind", "date", "country", "evidence"} <= set(
                event
            ), where
            assert event["evidence"] in report["text"], where
            counts = event.get("counts", {})
            assert set(counts) <= COUNTS, where
            assert all(isinstance(v, int | float) and v > 0 for v in counts.values()), where
            # "context" names the values taken from outside the evidence's sentences.
            for name in event.get("context", []):
                assert name in {"date", "country"} and event[name] is not None, where
            for actor in event.get("actors", []):
                assert actor["role"] in ROLES, where
                assert actor["text"] in report["text"], where
            seen_kinds.add(event["kind"])
    assert seen_kinds == KINDS
    flags = [e for r in heldout for e in r["events"]]
    assert any(e.get("negated") for e in flags) and any(e.get("hedged") for e in flags)


def test_the_benchmark_pairs_events_whole_matches_first_then_by_kind() -> None:
    from benchmarks.reports import pair_events

    gold: list[dict[str, Any]] = [
        {"kind": "arrest", "date": "2020-03", "country": "KZ"},
        {"kind": "arrest", "date": "2020-05-18", "country": "KZ", "negated": True},
        {"kind": "seizure", "date": None, "country": "TJ"},
    ]
    proposed: list[dict[str, Any]] = [
        {"kind": "arrest", "date": "2020-05-18", "country": None, "negated": True},
        {"kind": "arrest", "date": "2020-03", "country": "KZ", "negated": False},
        {"kind": "charge", "date": None, "country": None},
    ]
    pairs = {(g["date"], p["date"]) for g, p in pair_events(gold, proposed)}
    # The negated arrest goes to the negated gold one though its country differs; the
    # charge has no gold of its kind; the seizure is missed.
    assert pairs == {("2020-03", "2020-03"), ("2020-05-18", "2020-05-18")}


def test_the_benchmark_matches_actors_by_role_and_normalised_words() -> None:
    from benchmarks.reports import same_actor

    court = {"role": "court", "text": "Almaty city court"}
    assert same_actor(court, {"role": "court", "text": "the Almaty City Court"})
    assert not same_actor(court, {"role": "agency", "text": "Almaty city court"})
    # One word of three is not the same organisation.
    assert not same_actor(court, {"role": "court", "text": "court"})
    agency = {"role": "agency", "text": "ГКНБ Таджикистана"}
    assert same_actor(agency, {"role": "agency", "text": "ГКНБ"})
    assert same_actor(
        {"role": "suspect", "text": "Алёна Ким"}, {"role": "suspect", "text": "Алена Ким"}
    )

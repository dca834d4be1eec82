"""The default extractor on whole reports: the events, with what each sentence says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from amanat.reports.document import read_report
from amanat.reports.extract import DefaultExtractor

HERE = Path(__file__).parent


def _extract(name: str, published: dt.date):  # type: ignore[no-untyped-def]
    report = read_report(name, (HERE / name).read_bytes())
    return report, DefaultExtractor().extract(report, published)


def test_a_russian_report_with_an_arrest_a_conviction_and_a_seizure() -> None:
    report, found = _extract("ru_arrest_conviction_seizure.txt", dt.date(2024, 3, 20))
    by_kind = {e.kind: e for e in found.events if not e.negated}
    assert {"arrest", "seizure", "conviction", "sentence"} <= set(by_kind)
    arrest, seizure = by_kind["arrest"], by_kind["seizure"]
    assert arrest.date == seizure.date == "2024-03-12"
    assert seizure.counts == {"mass_kg": 20.0} and seizure.substance == "heroin"
    # "гражданина Таджикистана" is the suspect's citizenship, not where it happened:
    # "в Баткене" is, a city of Kyrgyzstan.
    assert arrest.country == "KG" and arrest.region == "Баткене"
    assert any(a.role == "suspect" for a in arrest.actors)
    conviction = by_kind["conviction"]
    # The three convicted, not the thirty people they moved.
    assert conviction.date == "2024-03-19" and conviction.counts == {"people": 3.0}
    assert any(a.role == "court" for a in conviction.actors)
    assert by_kind["sentence"].counts == {"prison_years": 8.0}
    for event in found.events:
        assert report.text[event.evidence.start : event.evidence.stop] == event.evidence.quote


def test_an_english_reports_hedged_and_negated_claims_are_marked() -> None:
    _, found = _extract("en_hedged.txt", dt.date(2013, 10, 20))
    seizure = next(e for e in found.events if e.kind == "seizure")
    assert seizure.date == "2013-10-14" and seizure.counts == {"mass_kg": 200.0}
    assert not seizure.hedged
    charge = next(e for e in found.events if e.kind == "charge")
    assert charge.negated
    hedged = [e for e in found.events if e.hedged]
    assert [(e.kind, e.date, e.country) for e in hedged] == [("arrest", "2013-10-16", "KG")]


def test_a_kazakh_report() -> None:
    text = (
        "2023 жылғы 5 наурызда Қазақстанда полиция екі адамды ұстады және 12 кг героин "
        "тәркіленді. Сот оларды кінәлі деп таныды."
    )
    report = read_report("kk.txt", text.encode())
    assert report.language == "kk"
    found = DefaultExtractor().extract(report, dt.date(2023, 3, 10))
    assert [(e.kind, e.date, e.country, e.counts) for e in found.events] == [
        ("arrest", "2023-03-05", "KZ", {"people": 2.0}),
        ("seizure", "2023-03-05", "KZ", {"mass_kg": 12.0}),
        # The court is in the country the report has named; its date is not given.
        ("conviction", None, "KZ", {}),
    ]


def test_an_english_story_carries_its_place_and_splits_the_terms() -> None:
    text = (
        "Osh court jails traffickers\n\n"
        "The Osh city court on 21 March found two residents of Kara-Suu guilty of "
        "trafficking women to the United Arab Emirates. The court sentenced them to 12 and "
        "9 years in prison respectively. Prosecutors had asked for a 14-year term."
    )
    report = read_report("osh.txt", text.encode())
    found = DefaultExtractor().extract(report, dt.date(2024, 3, 25))
    assert [(e.kind, e.date, e.country, e.counts) for e in found.events] == [
        ("conviction", "2024-03-21", "KG", {"people": 2.0}),
        ("sentence", "2024-03-21", "KG", {"prison_years": 12.0}),
        ("sentence", "2024-03-21", "KG", {"prison_years": 9.0}),
    ]


def test_a_rescue_counts_the_freed_as_victims() -> None:
    report = read_report("r.txt", b"Police in Almaty freed 17 migrant workers.")
    (rescue,) = DefaultExtractor().extract(report, dt.date(2024, 2, 20)).events
    assert (rescue.kind, rescue.country, rescue.counts) == ("rescue", "KZ", {"victims": 17.0})


def test_a_place_named_after_the_first_event_is_its_place() -> None:
    text = "Border guards seized 150 kg of hashish. The Tajik border service said so."
    report = read_report("tj.txt", text.encode())
    (seizure,) = DefaultExtractor().extract(report, dt.date(2022, 6, 15)).events
    assert (seizure.kind, seizure.country) == ("seizure", "TJ")

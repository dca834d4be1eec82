"""Open-source reports through the API: an investigator adds a report, reviews its
candidates, confirms one into the register; another organisation sees none of it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.service.api.conftest import Caller

from amanat.access.vault import MasterKey

Api = Callable[[str], Caller]
REPORT = Path(__file__).parents[2] / "reports" / "en_hedged.txt"
ADD = {"filename": "article.txt", "published_on": "2013-10-20", "publisher": "Border Daily"}


def test_add_review_confirm_and_reject(api: Api, master_key: MasterKey) -> None:
    police = api("kz-investigator")
    added = police.post("/reports", params={**ADD, "reliability": "B"}, content=REPORT.read_bytes())
    assert added.status_code == 201, added.text
    report = added.json()
    assert (report["language"], report["reliability"]) == ("en", "B")
    shown = police.get(f"/reports/{report['report_id']}").json()
    assert shown["text"].startswith("Border guards seize heroin")
    seizure = next(c for c in shown["candidates"] if c["kind"] == "seizure")
    assert seizure["details"]["counts"] == {"mass_kg": 200.0}
    quote = seizure["details"]["evidence"]
    assert shown["text"][quote["start"] : quote["stop"]] == quote["quote"]

    done = police.post(
        f"/report-candidates/{seizure['candidate_id']}/confirm",
        json={"credibility": "2", "edits": {"country": "TJ"}},
    )
    assert done.status_code == 200, done.text
    record = police.get(f"/seizures/{done.json()['record_id']}").json()
    assert (record["source_kind"], record["reliability"], record["credibility"]) == (
        "open_source",
        "B",
        "2",
    )
    assert record["source_id"] == report["source_id"]
    arrest = next(c for c in shown["candidates"] if c["kind"] == "arrest")
    assert police.post(f"/report-candidates/{arrest['candidate_id']}/reject").status_code == 200
    listed = police.get("/reports").json()
    assert (listed[0]["confirmed"], listed[0]["rejected"]) == (1, 1)
    # Another organisation: absent, as a report that does not exist.
    ngo = api("ngo-case_worker")
    assert ngo.get(f"/reports/{report['report_id']}").status_code == 404
    assert ngo.post(f"/report-candidates/{arrest['candidate_id']}/reject").status_code == 404
    assert ngo.get("/reports").json() == []


def test_bad_input_stores_nothing(api: Api, master_key: MasterKey) -> None:
    police = api("kz-investigator")
    broken = police.post(
        "/reports", params={**ADD, "filename": "scan.pdf"}, content=b"%PDF-1.4\nbroken"
    )
    assert broken.status_code == 422 and "PDF" in broken.text
    graded = police.post(
        "/reports", params={**ADD, "reliability": "Z"}, content=REPORT.read_bytes()
    )
    assert graded.status_code == 422 and "reliability" in graded.text
    assert police.get("/reports").json() == []


def test_a_person_named_is_linked_to_the_register_never_merged(
    api: Api, master_key: MasterKey
) -> None:
    police = api("kz-investigator")
    known = police.create("/people", {"names": [{"full_name": "Тестов Фаррух"}]})
    report = Path(__file__).parents[2] / "reports" / "ru_arrest_conviction_seizure.txt"
    added = police.post(
        "/reports", params={**ADD, "published_on": "2024-03-20"}, content=report.read_bytes()
    ).json()
    shown = police.get(f"/reports/{added['report_id']}").json()
    person = next(c for c in shown["candidates"] if c["kind"] == "person")
    # natasha reads the inflected "Фаррухзода Тестова"; the name layer finds the record.
    assert person["details"]["name"] == "Фаррухзода Тестова"
    likely = person["likely_same_as"]
    assert [p["person_id"] for p in likely] == [known["id"]], likely
    # Linked, not merged: confirming writes a new person record of its own.
    done = police.post(
        f"/report-candidates/{person['candidate_id']}/confirm", json={"credibility": "3"}
    ).json()
    assert done["record_kind"] == "person" and done["record_id"] != known["id"]


def test_credibility_suggested_from_corroboration(api: Api, master_key: MasterKey) -> None:
    police = api("kz-investigator")
    body = (
        b"On 14 October 2013 border guards seized 200 kg of heroin in Tajikistan. "
        b"Police reportedly arrested two men."
    )
    first = police.post("/reports", params=ADD, content=body).json()
    shown = police.get(f"/reports/{first['report_id']}").json()
    grades = {
        (c["kind"], c["details"].get("hedged")): c["suggested_credibility"]
        for c in shown["candidates"]
    }
    # Alone: cannot be judged; hedged ("reportedly"): doubtful.
    assert grades[("seizure", False)] == "6" and grades[("arrest", True)] == "4"
    # Another report of the same seizure: probably true.
    second = police.post("/reports", params=ADD, content=body).json()
    again = police.get(f"/reports/{second['report_id']}").json()
    seizure = next(c for c in again["candidates"] if c["kind"] == "seizure")
    assert seizure["suggested_credibility"] == "2"
    # An agency record of it in the register: confirmed by other sources.
    police.create("/seizures", {"seized_on": "2013-10-14", "country": "TJ"})
    seizure = next(
        c
        for c in police.get(f"/reports/{second['report_id']}").json()["candidates"]
        if c["kind"] == "seizure"
    )
    assert seizure["suggested_credibility"] == "1"

"""Open-source reports in the web app: an investigator uploads a report, reads it with
what it proposes marked in the text, accepts the seizure with a credibility and rejects
the arrest; pasted text works too; bad input is refused beside its field and stores
nothing; another organisation finds none of it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests.service.web.conftest import Web, form_token, text_of

from amanat.register import Seizure, Source
from amanat.reports.models import Report
from amanat.service.web import source_forms
from amanat.store.engine import transaction

REPORTS = Path(__file__).parents[2] / "reports"
HEDGED = REPORTS / "en_hedged.txt"
FIELDS = {"published_on": "2013-10-20", "publisher": "Border Daily", "reliability": "B"}


def _add(web: Web, username: str, files: dict[str, tuple[str, bytes, str]] | None, **data: str):  # type: ignore[no-untyped-def]
    client = web.client(username)
    page = client.get("/reports")
    assert page.status_code == 200
    return client, client.post(
        "/reports", data={"form_token": form_token(page.text), **FIELDS, **data}, files=files
    )


def _candidate(html: str, kind: str) -> int:
    """The id of the first candidate of ``kind`` on a report's page."""
    found = re.search(
        r'<article class="candidate candidate-\w+" id="candidate-(\d+)">\s*<h3><a href="#text-\d+">'
        + kind,
        html,
    )
    assert found, f"no {kind} candidate on the page"
    return int(found.group(1))


def _count(web: Web, table: type) -> int:
    with transaction(web.engine) as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_upload_review_accept_and_reject(web: Web) -> None:
    police, added = _add(
        web, "police", {"file": ("article.txt", HEDGED.read_bytes(), "text/plain")}
    )
    assert added.status_code == 200, text_of(added.text)
    assert "The report was added" in added.text
    report_id = int(str(added.url).rsplit("/", 1)[1])
    page = added.text
    # The text, with what it proposes marked where it was found.
    assert re.search(r'<mark class="cand cand-seizure" id="text-\d+"', page)
    assert "Border guards seize heroin" in text_of(page)
    assert 'hedged: "reportedly"' in text_of(page).replace("&#34;", '"')
    assert "the report says it did not happen" in text_of(page)
    seizure = _candidate(page, "Seizure")
    arrest = _candidate(page, "Arrest")

    refused = police.post(
        f"/reports/{report_id}/candidates/{seizure}/accept",
        data={"form_token": form_token(page), "kind": "seizure", f"credibility-{seizure}": "9"},
    )
    assert refused.status_code == 422 and _count(web, Seizure) == 0
    # The report gives no country: the analyst must, beside the field it belongs to.
    assert f'href="#f-country-{seizure}"' in refused.text
    assert f'href="#f-credibility-{seizure}"' in refused.text
    accepted = police.post(
        f"/reports/{report_id}/candidates/{seizure}/accept",
        data={
            "form_token": form_token(refused.text),
            "kind": "seizure",
            f"credibility-{seizure}": "2",
            f"country-{seizure}": "TJ",
            f"seized_on-{seizure}": "2013-10-14",
        },
    )
    assert accepted.status_code == 200, text_of(accepted.text)
    assert "Accepted: the record was written." in accepted.text
    link = re.search(r'href="/seizures/(\d+)"', accepted.text)
    assert link, "the accepted candidate links to its record"
    with transaction(web.engine) as session:
        record = session.get(Seizure, int(link.group(1)))
        assert record is not None
        assert (record.source_kind, record.reliability, record.credibility) == (
            "open_source",
            "B",
            "2",
        )
        assert (record.country, record.seized_on.isoformat()) == ("TJ", "2013-10-14")
    rejected = police.post(
        f"/reports/{report_id}/candidates/{arrest}/reject",
        data={"form_token": form_token(accepted.text)},
    )
    assert rejected.status_code == 200 and "Rejected." in rejected.text
    assert _count(web, Seizure) == 1  # rejecting wrote nothing
    listing = text_of(police.get("/reports").text)
    assert f"Report #{report_id}" in listing

    # Another organisation: as if the report did not exist.
    ngo = web.client("ngo")
    assert ngo.get(f"/reports/{report_id}").status_code == 404
    ngo_page = ngo.get("/reports")
    assert f"Report #{report_id}" not in ngo_page.text
    assert (
        ngo.post(
            f"/reports/{report_id}/candidates/{arrest}/reject",
            data={"form_token": form_token(ngo_page.text)},
        ).status_code
        == 404
    )


def test_pasted_text_and_a_candidate_of_another_report(web: Web) -> None:
    russian = (REPORTS / "ru_arrest_conviction_seizure.txt").read_text(encoding="utf-8")
    _, first = _add(web, "police", None, text=russian, published_on="2024-03-20")
    assert first.status_code == 200, text_of(first.text)
    assert "Russian" in text_of(first.text)
    person = _candidate(first.text, "Person named")
    police, second = _add(web, "police", {"file": ("a.txt", HEDGED.read_bytes(), "text/plain")})
    other_id = int(str(second.url).rsplit("/", 1)[1])
    # A candidate is decided only on its own report's page.
    answer = police.post(
        f"/reports/{other_id}/candidates/{person}/reject",
        data={"form_token": form_token(second.text)},
    )
    assert answer.status_code == 404


@pytest.mark.parametrize(
    ("files", "data", "field", "said"),
    [
        (None, {}, "file", "Choose a file or paste the report"),
        ({"file": ("a.txt", b"Police arrested two men.", "text/plain")}, {"text": "x"}, "text",
         "not both"),
        ({"file": ("scan.pdf", b"%PDF-1.4\nbroken", "application/pdf")}, {}, "file", "PDF"),
        ({"file": ("a.txt", b"x" * 2048, "text/plain")}, {}, "file", "too large"),
        ({"file": ("a.txt", b"Police arrested two men.", "text/plain")},
         {"published_on": "20.13.2013"}, "published_on", ""),
    ],
)  # fmt: skip
def test_bad_input_is_named_and_stores_nothing(
    web: Web,
    monkeypatch: pytest.MonkeyPatch,
    files: dict[str, tuple[str, bytes, str]] | None,
    data: dict[str, str],
    field: str,
    said: str,
) -> None:
    monkeypatch.setattr(source_forms, "MAX_BYTES", 1024)
    _, answer = _add(web, "police", files, **data)
    assert answer.status_code == 422
    assert f'href="#f-{field}"' in answer.text  # the error summary leads to the field
    assert said in text_of(answer.text)
    assert _count(web, Report) == 0 and _count(web, Source) == 0

"""The monitoring pages over the hand-made register of ``tests/analyze/conftest.py``
(``monitoring``): the police see their three Kazakh trafficking cases, the Uzbek
prosecutor only its own case; victims are CLEAR, cases and events are not.

Numbers asserted here are the ones worked out by hand in tests/analyze.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from tests.analyze.conftest import Monitoring, build
from tests.service.web.conftest import password_hash, session_cookie, text_of, web_app

from amanat.access import sessions
from amanat.access.audit_store import AuditRecord
from amanat.access.models import User
from amanat.access.vault import generate_master_key
from amanat.register import CaseRole, Person, PersonName
from amanat.service.web.page import SESSION_KEY
from amanat.store.engine import transaction

USERS = (
    ("analyst", "police", "analyst", "en"),
    ("analyst-ru", "police", "analyst", "ru"),
    ("analyst-tg", "police", "analyst", "tg"),
    ("stats", "police", "statistics_officer", "en"),
    ("worker", "police", "case_worker", "en"),
    ("auditor", "police", "auditor", "en"),
    ("uz-analyst", "other", "analyst", "en"),
)


@dataclass
class MonitorWeb:
    monitoring: Monitoring
    clients: dict[str, TestClient]

    def get(self, username: str, url: str, status: int = 200) -> str:
        answer = self.clients[username].get(url, follow_redirects=False)
        assert answer.status_code == status, (url, answer.text[:500])
        return answer.text


@pytest.fixture
def monitor_web(engine: Engine) -> Iterator[MonitorWeb]:
    monitoring = build(engine)
    ids = {}
    with transaction(engine) as session:
        for username, org, role, lang in USERS:
            user = User(
                org_id=monitoring.ids[org],
                username=username,
                display_name=username,
                role=role,
                language=lang,
                password_hash=password_hash(),
            )
            session.add(user)
            session.flush()
            ids[username] = sessions.open_session(session, user.id)
    app = web_app(engine, generate_master_key())
    clients = {}
    for username, key in ids.items():
        client = TestClient(app)
        client.__enter__()
        client.cookies.set("amanat_session", session_cookie({SESSION_KEY: key}))
        clients[username] = client
    yield MonitorWeb(monitoring, clients)
    for client in clients.values():
        client.__exit__(None, None, None)


def _row(html: str, first_cell: str) -> list[str]:
    """The cells of the table row whose first cell reads ``first_cell``."""
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        cells = [text_of(c).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
        if cells and cells[0] == first_cell:
            return cells
    raise AssertionError(f"no row {first_cell!r}")


def test_the_pipeline_page_counts_what_the_user_may_see(monitor_web: MonitorWeb) -> None:
    url = "/monitor/pipeline?country=KZ&type=tip&from=2020&to=2021"
    police = monitor_web.get("analyst", url)
    assert police.count("<svg") >= 4  # funnel, year on year, survival curves, who
    assert _row(police, "Offence reported")[1:] == ["3", "–"]
    assert _row(police, "Convicted")[1:] == ["1", "50%"]
    other = monitor_web.get("uz-analyst", url)
    assert _row(other, "Offence reported")[1:] == ["1", "–"]
    assert _row(other, "Convicted")[1] == "0"


def test_a_kept_analysis_says_when_it_was_computed(monitor_web: MonitorWeb) -> None:
    url = "/monitor/pipeline?country=KZ&type=tip&from=2020&to=2021"
    first, warm = (monitor_web.get("analyst", url) for _ in range(2))
    said = re.compile(r"Computed at (\d\d:\d\d) UTC; a view is kept for up to five minutes")
    shown = [said.search(text_of(html)) for html in (first, warm)]
    assert all(shown) and shown[0][1] == shown[1][1]  # type: ignore[index]
    # The warm view of another organisation's analyst is still theirs.
    assert _row(monitor_web.get("uz-analyst", url), "Offence reported")[1:] == ["1", "–"]
    assert _row(warm, "Offence reported")[1:] == ["3", "–"]


def test_every_view_is_audited_with_its_scope(monitor_web: MonitorWeb) -> None:
    monitor_web.get("analyst", "/monitor/flows?country=KZ&from=2020&to=2020")
    with transaction(monitor_web.monitoring.engine) as session:
        entries = session.scalars(select(AuditRecord).where(AuditRecord.action == "analyze")).all()
        details = [json.loads(e.detail) if isinstance(e.detail, str) else e.detail for e in entries]
    assert any(
        d and d["analysis"] == "flows" and d["country"] == "KZ" and d["year_from"] == 2020
        for d in details
    ), details


PAGES = (
    "/monitor",
    "/monitor/pipeline",
    "/monitor/flows",
    "/monitor/statistics",
    "/monitor/networks",
    "/monitor/networks/graph?around=person:1",
    "/monitor/networks/graph.json?around=person:1",
)


def test_roles_that_read_no_records_are_refused(monitor_web: MonitorWeb) -> None:
    for url in PAGES:
        monitor_web.get("auditor", url, 403)
    with transaction(monitor_web.monitoring.engine) as session:
        actions = session.scalars(select(AuditRecord.action)).all()
    assert "analyze" not in actions


def test_every_role_that_reads_records_analyses(monitor_web: MonitorWeb) -> None:
    """The ``read`` permission decides, as on the command line (the pages had a list
    of roles of their own that the commands did not share)."""
    monitor_web.get("worker", "/monitor/pipeline")
    monitor_web.get("stats", "/monitor/pipeline")
    assert 'href="/monitor/networks' in monitor_web.get("stats", "/monitor")
    monitor_web.get("stats", "/monitor/networks")
    assert 'href="/monitor"' in monitor_web.get("analyst", "/")


def test_flows_draw_the_victims_route(monitor_web: MonitorWeb) -> None:
    html = monitor_web.get("analyst", "/monitor/flows?from=2020&to=2020")
    assert "<svg" in html
    assert _row(html, "Uzbekistan")[1:] == ["Kazakhstan", "Russia", "1"]
    only_women = monitor_web.get("analyst", "/monitor/flows?from=2020&to=2020&victims=sex:female")
    women = only_women.split('<section class="panel">')[1]  # the victims' section
    assert _row(women, "Uzbekistan")[1:] == ["Kazakhstan", "Russia", "1"]
    with pytest.raises(AssertionError, match="no row"):
        _row(women, "Tajikistan")  # the man's route from Tajikistan is left out
    everyone = html.split('<section class="panel">')[1]
    assert _row(everyone, "Tajikistan")[1:] == ["Uzbekistan → Kazakhstan", "Russia", "1"]


def test_statistics_count_clear_records_only_and_suppress(monitor_web: MonitorWeb) -> None:
    html = monitor_web.get("analyst", "/monitor/statistics?year=2020")
    # Three CLEAR victims: every non-zero count is under five.
    assert "&lt;5" in html
    for row in re.findall(r"<tbody>(.*?)</tbody>", html, re.S):
        numbers = [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', row)]
        assert all(n == 0 for n in numbers), numbers
    # Events and cases are not CLEAR: nobody counts as prosecuted.
    assert "Persons prosecuted" in html


def test_statistics_with_differentially_private_counts(monitor_web: MonitorWeb) -> None:
    html = monitor_web.get("analyst", "/monitor/statistics?year=2020&epsilon=1")
    assert "ε = 1" in html and "random noise" in html
    assert "&lt;5" not in html  # noise instead of suppression
    assert '<option value="1" selected>' in html
    plain = monitor_web.get("analyst", "/monitor/statistics?year=2020&epsilon=99")
    assert "random noise" not in plain and "&lt;5" in plain  # only the offered budgets


def test_the_network_page_and_the_graph_json(monitor_web: MonitorWeb) -> None:
    ids = monitor_web.monitoring.ids
    p1 = f"person:{ids['p1']}"
    html = monitor_web.get("analyst", "/monitor/networks")
    assert f"/monitor/networks/graph?around={p1.replace(':', '%3A')}" in html
    assert monitor_web.get("analyst", "/monitor/networks/graph", 303) == ""
    page = monitor_web.get("analyst", f"/monitor/networks/graph?around={p1}")
    assert "/static/cytoscape.min.js" in page and "data-source=" in page
    data = monitor_web.clients["analyst"].get(f"/monitor/networks/graph.json?around={p1}").json()
    nodes = {n["id"]: n for n in data["nodes"]}
    assert data["centre"] == p1
    assert nodes[p1]["broker"] and nodes[p1]["overlap"]
    assert nodes[f"person:{ids['p3']}"]["official"]
    assert f"person:{ids['p4']}" not in nodes  # the Uzbek prosecutor's suspect
    assert all(0 <= a < len(nodes) and 0 <= b < len(nodes) for a, b in data["edges"])
    # The Uzbek prosecutor cannot centre on a person it may not see.
    monitor_web.get("uz-analyst", f"/monitor/networks/graph.json?around={p1}", 404)


def test_pages_in_russian(monitor_web: MonitorWeb) -> None:
    html = monitor_web.get("analyst-ru", "/monitor/pipeline?country=KZ&type=tip")
    assert "Ход уголовного процесса" in html or "Движение уголовных дел" in html
    assert "Time from each stage to the next" not in html
    flows = monitor_web.get("analyst-ru", "/monitor/flows?from=2020&to=2020")
    assert "Узбекистан" in flows


def test_the_graph_scripts_are_served_and_load_nothing_from_elsewhere(
    monitor_web: MonitorWeb,
) -> None:
    client = monitor_web.clients["analyst"]
    for name in ("cytoscape.min.js", "monitor_graph.js", "monitor.css"):
        answer = client.get(f"/static/{name}")
        assert answer.status_code == 200, name
        assert "fetch(" not in answer.text or name == "monitor_graph.js"
    licence = client.get("/static/cytoscape.LICENSE.txt").text
    assert "The Cytoscape Consortium" in licence and "Permission is hereby granted" in licence
    own = client.get("/static/monitor_graph.js").text
    assert "http://" not in own and "https://" not in own
    assert "/monitor/networks/graph" in own  # it fetches only from this server


def _lone_suspect(monitoring: Monitoring) -> int:
    """A police suspect whose only case is the Uzbek prosecutor's own (unseen)."""
    ids = monitoring.ids
    with transaction(monitoring.engine) as session:
        person = Person(org_id=ids["police"], sex="male")
        session.add(person)
        session.flush()
        session.add(PersonName(person_id=person.id, kind="primary", full_name="Касымов Арман"))
        session.add(
            CaseRole(
                org_id=ids["police"], case_id=ids["case4"], person_id=person.id, role="suspect"
            )
        )
        return int(person.id)


def test_a_visible_suspect_linked_to_nothing_visible_is_drawn_alone(
    monitor_web: MonitorWeb,
) -> None:
    """Regression: centring on such a suspect answered 404, and the page said "The
    neighbourhood could not be loaded" for a person the user had just seen."""
    lone = f"person:{_lone_suspect(monitor_web.monitoring)}"
    client = monitor_web.clients["analyst"]
    answer = client.get(f"/monitor/networks/graph.json?around={lone}")
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert data["alone"] and data["centre"] == lone
    assert [(n["id"], n["label"]) for n in data["nodes"]] == [(lone, "Касымов Арман")]
    # Still absent for whoever may not see the person.
    monitor_web.get("uz-analyst", f"/monitor/networks/graph.json?around={lone}", 404)


def test_the_graph_centres_on_a_name_typed_in_any_script(monitor_web: MonitorWeb) -> None:
    lone = _lone_suspect(monitor_web.monitoring)
    client = monitor_web.clients["analyst"]
    for typed in ("Kasymov Arman", "Касымов"):
        answer = client.get(f"/monitor/networks/graph?around={typed}", follow_redirects=False)
        assert answer.status_code == 303, (typed, answer.text[:300])
        assert f"around=person%3A{lone}" in answer.headers["location"]
    page = monitor_web.get("analyst", "/monitor/networks/graph?around=Nobody+Atall")
    assert "Nobody and nothing you may see is recorded under this name." in page
    assert "data-source=" not in page


def test_the_graph_narrows_to_a_kind_of_trafficking(monitor_web: MonitorWeb) -> None:
    ids = monitor_web.monitoring.ids
    client = monitor_web.clients["analyst"]
    p1 = f"person:{ids['p1']}"
    everything = client.get(f"/monitor/networks/graph.json?around={p1}").json()
    drugs = client.get(f"/monitor/networks/graph.json?around={p1}&type=drugs").json()
    every_case = {n["id"] for n in everything["nodes"] if n["kind"] == "case"}
    drug_cases = {n["id"] for n in drugs["nodes"] if n["kind"] == "case"}
    assert drug_cases == {f"case:{ids['case5']}"} and len(every_case) > 1
    assert f"person:{ids['p2']}" not in {n["id"] for n in drugs["nodes"]}  # only in case1
    page = monitor_web.get("analyst", f"/monitor/networks/graph?around={p1}&type=drugs")
    assert "type=drugs" in page.split("data-source=")[1].split(" ")[0]


def test_the_graph_downloads_as_graphml(monitor_web: MonitorWeb, tmp_path: Path) -> None:
    import networkx

    ids = monitor_web.monitoring.ids
    p1 = f"person:{ids['p1']}"
    page = monitor_web.get("analyst", f"/monitor/networks/graph?around={p1}")
    assert f'href="/monitor/networks/graph.graphml?around={p1.replace(":", "%3A")}' in page
    answer = monitor_web.clients["analyst"].get(f"/monitor/networks/graph.graphml?around={p1}")
    assert answer.status_code == 200
    assert "attachment" in answer.headers["content-disposition"]
    path = tmp_path / "network.graphml"
    path.write_bytes(answer.content)
    graph = networkx.read_graphml(path)
    drawn = monitor_web.clients["analyst"].get(f"/monitor/networks/graph.json?around={p1}").json()
    assert set(graph.nodes) == {n["id"] for n in drawn["nodes"]}
    assert graph.number_of_edges() == len(drawn["edges"])
    assert graph.nodes[f"person:{ids['p3']}"]["official"] is True
    assert f"person:{ids['p4']}" not in graph  # the Uzbek prosecutor's suspect
    with transaction(monitor_web.monitoring.engine) as session:
        actions = session.scalars(select(AuditRecord.action)).all()
    assert "export" in actions
    # A role that reads no records is refused it.
    monitor_web.get("auditor", f"/monitor/networks/graph.graphml?around={p1}", 403)


def test_record_pages_link_to_the_network(monitor_web: MonitorWeb) -> None:
    ids = monitor_web.monitoring.ids
    for path, key in (
        (f"/people/{ids['p1']}", f"person%3A{ids['p1']}"),
        (f"/groups/{ids['g1']}", f"group%3A{ids['g1']}"),
        (f"/cases/{ids['case1']}", f"case%3A{ids['case1']}"),
    ):
        html = monitor_web.get("analyst", path)
        assert f'href="/monitor/networks/graph?around={key}"' in html, path
        assert "Show in network" in html


def test_the_current_year_is_marked_partial_and_given_no_change() -> None:
    """Regression: the year not over yet showed "-100 %" against the whole year before."""
    import datetime as dt

    from amanat.service.web.monitor import _trend_rows

    trend = {"reported": {2025: 40, 2026: 3}}
    rows = _trend_rows(trend, dt.date(2026, 2, 1))
    assert [(r["year"], r["partial"], r["cells"]) for r in rows] == [
        (2025, False, [(40, None)]),
        (2026, True, [(3, None)]),
    ]
    whole = _trend_rows(trend, dt.date(2027, 1, 5))
    assert whole[1]["cells"] == [(3, (3 - 40) / 40)] and not whole[1]["partial"]


def test_an_interval_open_at_the_top_reads_at_least(monitor_web: MonitorWeb) -> None:
    """Regression: "857 – –" for a 95 % interval with no upper end."""
    html = monitor_web.get("analyst", "/monitor/pipeline?country=KZ")
    intervals = [_row(html, name)[4] for name in re.findall(r"<tr><td>([^<]*→[^<]*)</td>", html)]
    assert any(cell.startswith("≥ ") for cell in intervals), intervals  # some are open
    assert not any(re.search(r"– –|^– |–$", cell) for cell in intervals), intervals
    assert all(re.fullmatch(r"[\d,]+ – [\d,]+|≥ [\d,]+|≤ [\d,]+|–", c) for c in intervals)


def test_the_country_filter_lists_the_countries_of_the_cases(monitor_web: MonitorWeb) -> None:
    """Regression: every country in the world (249) was offered."""
    html = monitor_web.get("analyst", "/monitor/pipeline")
    select = html.split('id="m-country"')[1].split("</select>")[0]
    codes = re.findall(r'<option value="([A-Z]*)"', select)
    assert codes == ["", "KZ", "UZ"]  # the police see Kazakh and Uzbek cases only
    chosen = monitor_web.get("analyst", "/monitor/pipeline?country=AF")
    assert '<option value="AF" selected>' in chosen  # the one asked for stays


def test_statistics_download_as_csv_and_xlsx(monitor_web: MonitorWeb, tmp_path: Path) -> None:
    import csv
    import io

    from openpyxl import load_workbook

    html = monitor_web.get("analyst", "/monitor/statistics?year=2020")
    links = re.findall(r'href="(/monitor/statistics\.csv\?[^"]+)"', html)
    assert links and "/monitor/statistics.xlsx?year=2020" in html
    client = monitor_web.clients["analyst"]
    answer = client.get(links[0].replace("&amp;", "&"))
    assert answer.status_code == 200 and "attachment" in answer.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(answer.text)))
    assert len(rows) > 1 and all(len(r) == len(rows[0]) for r in rows)
    book = client.get("/monitor/statistics.xlsx?year=2020")
    assert book.status_code == 200
    (tmp_path / "s.xlsx").write_bytes(book.content)
    sheets = load_workbook(tmp_path / "s.xlsx").sheetnames
    assert len(sheets) == html.count("Download this table as CSV")
    with transaction(monitor_web.monitoring.engine) as session:
        entries = session.scalars(select(AuditRecord).where(AuditRecord.action == "export")).all()
    assert len(entries) == 2
    monitor_web.get("analyst", "/monitor/statistics.csv?year=2020&table=nothing", 422)
    monitor_web.get("auditor", "/monitor/statistics.xlsx?year=2020", 403)


def test_the_country_report_downloads_as_html_and_pdf(monitor_web: MonitorWeb) -> None:
    html = monitor_web.get("analyst", "/monitor/statistics?year=2020&country=KZ")
    assert 'action="/monitor/report"' in html
    client = monitor_web.clients["analyst"]
    report = client.get("/monitor/report?country=KZ&year=2020&format=html")
    assert report.status_code == 200, report.text[:300]
    assert report.headers["content-disposition"].endswith('"report-KZ-2020-en.html"')
    assert "<html" in report.text and "Kazakhstan" in report.text
    pdf = client.get("/monitor/report?country=KZ&year=2020&format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    monitor_web.get("analyst", "/monitor/report?year=2020&format=html", 422)


def test_the_country_report_comes_in_the_users_language(monitor_web: MonitorWeb) -> None:
    """Any of the six languages, not only English and Russian: a Tajik user's report
    is in Tajik where the catalogue has it (Russian where not yet), its codes and
    numbers Tajik."""
    client = monitor_web.clients["analyst-tg"]
    report = client.get("/monitor/report?country=KZ&year=2020&format=html")
    assert report.status_code == 200, report.text[:300]
    assert report.headers["content-disposition"].endswith('"report-KZ-2020-tg.html"')
    assert '<html lang="tg">' in report.text and "Қазоқистон" in report.text
    assert "Country report" not in report.text


def _charts(html: str) -> list[tuple[str, str]]:
    """(title, description) of every drawing on the page."""
    found = []
    for svg in re.findall(r"<svg[^>]*>.*?</svg>", html, re.S):
        assert 'role="img"' in svg
        title = re.match(r"<svg[^>]*><title>([^<]*)</title>", svg)
        desc = re.search(r"<desc>([^<]*)</desc>", svg)
        found.append((title.group(1) if title else "", desc.group(1) if desc else ""))
    return found


def test_every_chart_has_a_title_and_a_description(monitor_web: MonitorWeb) -> None:
    """Regression: the pipeline's four charts and the flows' three had role="img" and
    no title (axe's serious "svg-img-alt"); empty ones too, in both languages."""
    for url, count in (
        ("/monitor/pipeline?country=KZ&type=tip", 4),
        ("/monitor/flows?from=2020&to=2020", 3),
        ("/monitor/pipeline?from=2099", 4),  # nothing to draw: still titled
        ("/monitor/flows?from=2099", 3),
    ):
        charts = _charts(monitor_web.get("analyst", url))
        assert len(charts) == count, url
        assert all(title and desc for title, desc in charts), (url, charts)
        assert len({title for title, _ in charts}) == count  # each its own
    russian = _charts(monitor_web.get("analyst-ru", "/monitor/flows?from=2020&to=2020"))
    english = _charts(monitor_web.get("analyst", "/monitor/flows?from=2020&to=2020"))
    assert all(ru != en for ru, en in zip(russian, english, strict=True))


def test_the_network_pages_say_what_a_node_is_in_words(monitor_web: MonitorWeb) -> None:
    """Regression: "Nodes: resolved entities (amanat.resolve canonical assignment)", and a
    node whose name may not be shown labelled by its key ("person:528")."""
    html = text_of(monitor_web.get("analyst", "/monitor/networks"))
    assert "amanat.resolve" not in html and "canonical" not in html
    assert "Each record is its own node" in html or "however many records name it" in html
    ids = monitor_web.monitoring.ids
    with transaction(monitor_web.monitoring.engine) as session:
        nameless = Person(org_id=ids["police"], sex="male")  # no name recorded
        session.add(nameless)
        session.flush()
        session.add(
            CaseRole(
                org_id=ids["police"], case_id=ids["case1"], person_id=nameless.id, role="suspect"
            )
        )
        key = f"person:{nameless.id}"
    client = monitor_web.clients["analyst"]
    data = client.get(f"/monitor/networks/graph.json?around={key}").json()
    labels = {n["id"]: (n["label"], n["named"]) for n in data["nodes"]}
    assert labels[key] == ("Person without a name you may see", False)
    assert all(not re.fullmatch(r"[a-z_]+:\d+", label) for label, _ in labels.values())
    russian = monitor_web.clients["analyst-ru"].get(f"/monitor/networks/graph.json?around={key}")
    assert {n["id"]: n["label"] for n in russian.json()["nodes"]}[key] != labels[key][0]

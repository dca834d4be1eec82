"""The country report renders in English and Russian, as HTML and PDF."""

from __future__ import annotations

from amanat.analyze.report.build import ReportRequest, render_html, render_pdf
from amanat.analyze.report.messages import MESSAGES, Words

from .conftest import Monitoring


def test_report_in_english_and_russian(monitoring: Monitoring) -> None:
    scope = monitoring.scope(country="KZ")
    english = render_html(monitoring.engine, ReportRequest(scope, 2021, "en", internal=True))
    russian = render_html(monitoring.engine, ReportRequest(scope, 2021, "ru", internal=True))
    assert "Country report: Kazakhstan, 2021" in english
    assert "Страновой доклад: Казахстан, 2021" in russian
    assert "Преступление зарегистрировано" in russian  # a stage, from the vocabulary
    assert english.count("<svg") >= 6 and russian.count("<svg") >= 6
    assert "http" not in english.replace("http://www.w3.org/2000/svg", "")  # nothing fetched


def test_publication_report_withholds_networks(monitoring: Monitoring) -> None:
    html = render_html(monitoring.engine, ReportRequest(monitoring.scope(country="KZ"), 2020, "en"))
    assert "TLP:CLEAR records only" in html
    assert "Pamir" not in html and "Network details are not published" in html


def test_pdf(monitoring: Monitoring) -> None:
    if monitoring.engine.dialect.name != "sqlite":
        return  # the PDF does not depend on the back end; render it once
    html = render_html(
        monitoring.engine, ReportRequest(monitoring.scope(country="KZ"), 2021, "ru", internal=True)
    )
    assert render_pdf(html).startswith(b"%PDF")


def test_every_message_has_both_languages() -> None:
    assert all(en.strip() and ru.strip() for en, ru in MESSAGES.values())
    assert Words("ru").code("ForcedLabour") == "Принудительный труд"

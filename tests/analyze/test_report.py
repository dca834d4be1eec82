"""The country report renders in each language (English and Russian checked word for
word; Kazakh and Tajik as complete as the Russian), as HTML and PDF: one period,
stated on every section; people counted once; numbers written for the language.

The PDF is checked as a reader gets it: rendered to PNG pages with poppler's
``pdftoppm`` and read back with ``pdftotext`` (``apt-get install poppler-utils``;
without them the test fails, it never skips)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image, ImageOps

from amanat.analyze.report.build import ReportRequest, render_html, render_pdf, report_scope
from amanat.analyze.report.words import MESSAGES, Words
from amanat.language import catalogues, i18n
from amanat.vocab import vocabulary

from .conftest import Court, Monitoring

# Each section's heading, and the period statement that must follow it on its page.
SECTIONS = {
    "en": {
        "1. Justice pipeline": "Cases opened in 2017–2021",
        "Year on year": "Cases opened in 2017–2021, by year opened",
        "Time from each stage to the next": "Cases opened in 2017–2021",
        "Who reaches conviction": "Cases opened in 2017–2021",
        "Seizures per prosecution": "Seizures and prosecutions in 2017–2021",
        "Victims identified and verdicts": "Victims identified in 2017–2021",
        "2. Flows": "Victims identified and seizures made in 2017–2021",
        "3. Networks": "Networks with a case opened in 2017–2021",
        "4. Statistics": "Victims identified and persons prosecuted or convicted in 2017–2021",
        "Victims detected by sex and age": "Victims identified and persons prosecuted",
    },
    "ru": {
        "1. Ход уголовного процесса": "Дела, возбуждённые в 2017–2021 гг.",
        "Динамика по годам": "Дела, возбуждённые в 2017–2021 гг., по году возбуждения",
        "Кто доходит до приговора": "Дела, возбуждённые в 2017–2021 гг.",
        "Выявленные пострадавшие и приговоры": "Пострадавшие, выявленные в 2017–2021 гг.",
        "2. Потоки": "Пострадавшие, выявленные, и изъятия, произведённые в 2017–2021 гг.",
        "4. Статистика": "Пострадавшие, выявленные, и лица, привлечённые",
    },
}
# Figures the court register gives (tests/analyze/test_people.py works them out): A and
# A' one organiser, convicted; C's court record makes him a courier; one victim.
FIGURES = {
    "en": [
        r"Organisers and\s+1\s+1\s+1\s+1\s+1\s+100%\s+financiers",
        r"Couriers' share of those prosecuted\s+100%",
        r"Victims identified\s+1\s+100%",
        r"Uzbekistan 1\b",
        r"Prosecuted \(case sent to court\) → Convicted / Acquitted",  # a whole legend
        r"1,095",  # days on the curves' axis
    ],
    "ru": [
        r"Доля курьеров среди привлечённых\s+100 %",
        r"Выявлено пострадавших\s+1\s+100 %",
        r"Узбекистан 1\b",
        r"1 095",
    ],
}


def test_report_in_english_and_russian(monitoring: Monitoring) -> None:
    scope = monitoring.scope(country="KZ")
    english = render_html(monitoring.engine, ReportRequest(scope, 2021, "en", internal=True))
    russian = render_html(monitoring.engine, ReportRequest(scope, 2021, "ru", internal=True))
    assert "Country report: Kazakhstan, 2017–2021" in english
    assert "Страновой доклад: Казахстан, 2017–2021 гг." in russian
    assert "Преступление зарегистрировано" in russian  # a stage, from the vocabulary
    assert english.count("<svg") >= 6 and russian.count("<svg") >= 6
    assert "http" not in english.replace("http://www.w3.org/2000/svg", "")  # nothing fetched


def test_one_period_stated_on_every_section(monitoring: Monitoring) -> None:
    request = ReportRequest(monitoring.scope(country="KZ"), 2021, "en", internal=True)
    html = render_html(monitoring.engine, request)
    scope = report_scope(request)
    assert (scope.year_from, scope.year_to) == (2017, 2021)
    headings = re.findall(r"<h[23]>(.*?)</h[23]>\s*<p class=\"period\">(.*?)</p>", html)
    assert len(headings) == len(re.findall(r"<h[23]>", html)) >= 10
    assert all("2017–2021" in period for _, period in headings)
    years = set(re.findall(r"\b(20\d\d)–(20\d\d)\b", html))
    assert years == {("2017", "2021")}  # no section with a period of its own


def test_the_reach_table_says_what_it_counts(court_register: Court) -> None:
    """People in cases are a column of their own, not under "suspect identified"."""
    html = render_html(
        court_register.engine, ReportRequest(court_register.scope(), 2021, "en", internal=True)
    )
    header = re.search(r"<th>Category</th>(.*?)</tr>", html)
    assert header is not None
    cells = re.findall(r"<th>(.*?)</th>", header.group(1))
    assert cells[:2] == ["Persons in cases", "Suspect identified"]
    assert "People are counted once" in html and "records linked by entity resolution" in html


def test_publication_report_withholds_networks(monitoring: Monitoring) -> None:
    html = render_html(monitoring.engine, ReportRequest(monitoring.scope(country="KZ"), 2020, "en"))
    assert "TLP:CLEAR records only" in html
    assert "Pamir" not in html and "Network details are not published" in html


def _poppler(*args: str) -> str:
    tool = shutil.which(args[0])
    if tool is None:
        pytest.fail(f"{args[0]} is missing: apt-get install poppler-utils", pytrace=False)
    done = subprocess.run([tool, *args[1:]], check=True, capture_output=True, text=True)
    return done.stdout


def _pages(pdf: Path, folder: Path) -> list[str]:
    """The PDF's pages as PNG files (checked not blank) and as text, one per page."""
    _poppler("pdftoppm", "-r", "40", "-png", str(pdf), str(folder / "page"))
    pngs = sorted(folder.glob("page-*.png"))
    text = _poppler("pdftotext", "-layout", str(pdf), "-")
    pages = [p.replace("\u00a0", " ").replace("\u202f", " ") for p in text.split("\f")[:-1]]
    assert len(pngs) == len(pages) >= 5
    for png in pngs:
        with Image.open(png) as image:
            assert ImageOps.invert(image.convert("L")).getbbox() is not None, png.name
    return pages


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_pdf_pages_state_periods_and_figures(
    court_register: Court, tmp_path: Path, lang: str
) -> None:
    if court_register.engine.dialect.name != "sqlite":
        return  # the PDF does not depend on the back end; render it once
    request = ReportRequest(court_register.scope(), 2021, lang, internal=True)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render_pdf(render_html(court_register.engine, request)))
    pages = _pages(pdf, tmp_path)
    seen = set()
    for page in pages:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        for number, line in enumerate(lines):
            period = SECTIONS[lang].get(line)
            if period is not None:
                seen.add(line)
                assert period in lines[number + 1], (line, lines[number + 1])
    assert seen == set(SECTIONS[lang])
    document = "\n".join(pages)
    for figure in FIGURES[lang]:
        assert re.search(figure, document), figure


def test_every_word_of_the_report_has_its_russian() -> None:
    untranslated = set(catalogues.missing_translations("ru"))
    assert not untranslated & set(MESSAGES.values())
    russian = Words("ru")
    assert all(russian(key) != english for key, english in MESSAGES.items() if key != "0-17")
    assert russian.code("ForcedLabour") == "Принудительный труд"


def test_every_chart_is_named_in_the_reports_language(monitoring: Monitoring) -> None:
    """Regression: the report's charts were images (role="img") with no title: a screen
    reader had nothing to say for them."""
    scope = monitoring.scope(country="KZ")
    for lang, funnel_title in (("en", "Justice pipeline"), ("ru", "Ход уголовного процесса")):
        html = render_html(monitoring.engine, ReportRequest(scope, 2021, lang, internal=True))
        drawings = re.findall(r"<svg[^>]*>(?:<title>([^<]*)</title>)?", html)
        assert len(drawings) == 7 and all(drawings), (lang, drawings)
        assert drawings[0] == funnel_title


def test_report_in_kazakh_speaks_kazakh(monitoring: Monitoring) -> None:
    """Kazakh words from the kk catalogue, codes from the vocabularies in Kazakh."""
    scope = monitoring.scope(country="KZ")
    html = render_html(monitoring.engine, ReportRequest(scope, 2021, "kk", internal=True))
    title = i18n.gettext("kk", MESSAGES["title"])
    assert title != MESSAGES["title"] and f"{title}: Қазақстан, 2017–2021" in html
    assert '<html lang="kk">' in html
    assert "Қылмыс тіркелді" in html  # a stage, from the vocabulary
    assert i18n.gettext("ru", MESSAGES["generated"]) not in html  # no Russian fallback
    assert "Country report" not in html


# Latin words a report in a Cyrillic language may carry: the names of standards.
LATIN_ALLOWED = {"UNODC", "GLOTIP", "HTCDS", "CTDC", "ISO", "TLP", "CLEAR", "AMBER", "Amanat"}
GROUPED = re.compile(r"(?<=\d)[ \u00a0\u202f.,](?=\d{3}\b)")


def _numbers(text: str) -> list[int]:
    # As values: a date may write its day "07" in one language and "7" in another.
    return sorted(int(number) for number in re.findall(r"\d+", GROUPED.sub("", text)))


@pytest.mark.parametrize("lang", ["kk", "tg"])
def test_pdf_in_kazakh_and_tajik_is_as_complete_as_the_russian(
    court_register: Court, tmp_path: Path, lang: str
) -> None:
    """The same pages and the same figures as the Russian report, and no word left in
    English or Russian fallback: read back from the PDF rendered to PNG pages."""
    if court_register.engine.dialect.name != "sqlite":
        return  # the PDF does not depend on the back end; render it once
    pages = {}
    for each in ("ru", lang):
        request = ReportRequest(court_register.scope(), 2021, each, internal=True)
        pdf = tmp_path / f"report-{each}.pdf"
        pdf.write_bytes(render_pdf(render_html(court_register.engine, request)))
        (tmp_path / each).mkdir()
        pages[each] = _pages(pdf, tmp_path / each)
    assert len(pages[lang]) == len(pages["ru"])
    text, russian = "\n".join(pages[lang]), "\n".join(pages["ru"])
    assert set(re.findall(r"[A-Za-z]{2,}", text)) <= LATIN_ALLOWED
    ours, theirs = Counter(_numbers(text)), Counter(_numbers(russian))
    assert (ours - theirs, theirs - ours) == (Counter(), Counter())
    for key in ("title", "generated"):
        assert i18n.gettext(lang, MESSAGES[key]) in text.replace("\n", " ")
        assert i18n.gettext("ru", MESSAGES[key]) not in text


@pytest.mark.parametrize("lang", ["kk", "ky", "uz", "tg"])
def test_report_in_every_language(monitoring: Monitoring, lang: str) -> None:
    scope = monitoring.scope(country="KZ")
    html = render_html(monitoring.engine, ReportRequest(scope, 2021, lang, internal=True))
    country = i18n.in_language(vocabulary("country").term("KZ").labels, lang)
    assert f'<html lang="{lang}">' in html and country in html and "2017–2021" in html
    assert html.count("<svg") >= 6

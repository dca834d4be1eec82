"""Reading a report's main text from text, HTML, DOCX and PDF; what cannot be read
is refused with the reason."""

from __future__ import annotations

import io

import pytest

from amanat.reports.document import MAX_REPORT_BYTES, UnreadableReport, read_report


def test_plain_text_in_a_legacy_encoding() -> None:
    content = "Суд осудил троих жителей области за торговлю людьми.".encode("cp1251")
    report = read_report("news.txt", content)
    assert report.language == "ru" and "осудил троих" in report.text


def test_html_keeps_the_article_and_drops_the_menu() -> None:
    article = " ".join(["Police arrested two men near the border on Tuesday."] * 8)
    html = (
        "<html><body><nav><a href='/'>Home</a> <a href='/sport'>Sport news</a></nav>"
        f"<article><h1>Arrests</h1><p>{article}</p></article>"
        "<footer>Subscribe to our newsletter</footer></body></html>"
    )
    report = read_report("page.html", html.encode())
    assert "Police arrested two men" in report.text
    assert "newsletter" not in report.text and report.language == "en"


def test_docx() -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Border guards seized 12 kg of hashish.")
    buffer = io.BytesIO()
    document.save(buffer)
    report = read_report("report.docx", buffer.getvalue())
    assert report.text == "Border guards seized 12 kg of hashish."


def test_a_broken_pdf_is_refused_with_the_reason() -> None:
    with pytest.raises(UnreadableReport) as caught:
        read_report("scan.pdf", b"%PDF-1.4\ngarbage")
    assert "PDF" in caught.value.said("en")


def test_a_pdf_without_text_is_refused() -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(UnreadableReport) as caught:
        read_report("scan.pdf", buffer.getvalue())
    assert "OCR" in caught.value.said("en")


def test_over_the_size_limit() -> None:
    with pytest.raises(UnreadableReport) as caught:
        read_report("big.txt", b"a" * (MAX_REPORT_BYTES + 1))
    assert str(MAX_REPORT_BYTES) in caught.value.said("en")

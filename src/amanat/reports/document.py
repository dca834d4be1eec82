"""A report's main text from the file it came in: plain text, HTML, DOCX or PDF.

Nothing is fetched: a URL in the text stays text.  HTML gives its main text
(trafilatura drops menus, adverts and comments, which would otherwise be read as
assertions); a PDF without a text layer (a scan) is refused rather than read as empty.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from charset_normalizer import from_bytes

from amanat.access.source_files import MAX_FILE_BYTES
from amanat.language.i18n import N_
from amanat.language.refusal import Refusal
from amanat.reports.language import detect_language
from amanat.reports.sentences import Sentence, split_sentences

# The same limit as a source document's kept file: the report is kept as one.
MAX_REPORT_BYTES = MAX_FILE_BYTES


class UnreadableReport(Refusal, ValueError):
    """The file is empty, too large, or has no text to read."""


@dataclass(frozen=True)
class ReportText:
    text: str
    language: str
    content_type: str
    sentences: tuple[Sentence, ...]


def _pdf(content: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(content))
        return "\n\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise UnreadableReport(N_("the PDF cannot be read: %(reason)s"), reason=str(exc)) from None


def _docx(content: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(content))
    return "\n\n".join(p.text for p in document.paragraphs if p.text.strip())


def _html(content: bytes) -> str:
    import trafilatura

    found = trafilatura.extract(content, include_comments=False, include_tables=True)
    return found or ""


def _plain(content: bytes) -> str:
    best = from_bytes(content).best()
    if best is None:
        raise UnreadableReport(N_("the file is not text in any known encoding"))
    return str(best)


def _kind(filename: str, content: bytes) -> str:
    head = content[:512].lstrip().lower()
    name = filename.lower()
    if content.startswith(b"%PDF") or name.endswith(".pdf"):
        return "application/pdf"
    if content.startswith(b"PK") and (name.endswith(".docx") or _is_docx(content)):
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if name.endswith((".html", ".htm")) or head.startswith((b"<!doctype html", b"<html")):
        return "text/html"
    return "text/plain"


def _is_docx(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


READERS = {
    "application/pdf": _pdf,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _docx,
    "text/html": _html,
    "text/plain": _plain,
}


def read_report(filename: str, content: bytes) -> ReportText:
    """The main text, its language and sentences; ``UnreadableReport`` for a file too
    large, unreadable or without text."""
    if len(content) > MAX_REPORT_BYTES:
        raise UnreadableReport(N_("the file is larger than %(size)s bytes"), size=MAX_REPORT_BYTES)
    kind = _kind(filename, content)
    try:
        text = READERS[kind](content)
    except UnreadableReport:
        raise
    except Exception as exc:  # a broken DOCX or HTML raises whatever its parser raises
        raise UnreadableReport(
            N_("the file cannot be read as %(kind)s: %(reason)s"), kind=kind, reason=str(exc)
        ) from None
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise UnreadableReport(N_("the file has no text to read (a scan needs OCR first)"))
    return ReportText(text, detect_language(text), kind, split_sentences(text))

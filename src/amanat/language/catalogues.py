"""Maintaining Amanat's message catalogues, without a Makefile.

    python -m amanat.language.catalogues update   # extract msgids, merge into every .po
    python -m amanat.language.catalogues compile  # .po -> .mo (shipped in the package)
    python -m amanat.language.catalogues check    # exit 1 when a .mo says other than its .po

The same extraction as ``pybabel extract -F babel.cfg`` (the file is beside this
module for those who prefer the command line).  Tests call ``stale_catalogues`` and
``missing_translations`` so a forgotten compile or translation fails the build.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import yaml
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

from amanat.language.i18n import DEFAULT_LANGUAGE, DOMAIN, LANGUAGES, locale_dir

MODULE = "amanat.language.catalogues"
# One domain for the whole package: every module and the web templates.
PACKAGE_DIR = Path(__file__).parent.parent
METHODS = [
    ("service/web/templates/**.html", "jinja2"),
    # The command line's help, where Typer reads it (docstrings and ``help=``).
    ("cli/**.py", "amanat.language.command_help:extract_command_help"),
    ("**.py", "python"),
    ("access/alert_rules.yaml", f"{MODULE}:extract_labels"),
]
# ``Nn_`` marks a message with its plural, as ``N_`` marks one without.
KEYWORDS = {**DEFAULT_KEYWORDS, "Nn_": (1, 2)}
OPTIONS = {"service/web/templates/**.html": {"extensions": "jinja2.ext.i18n"}}


LABEL = re.compile(r"^\s*label:\s*(.+?)\s*$")


def extract_labels(
    fileobj: IO[bytes], keywords: object, comment_tags: object, options: object
) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel's extraction method for rule files in YAML: each ``label:`` is a msgid."""
    for number, line in enumerate(fileobj.read().decode("utf-8").splitlines(), start=1):
        found = LABEL.match(line)
        if found:
            yield number, "", str(yaml.safe_load(found.group(1))), []


def extract() -> Catalog:
    """Every msgid used by the templates and marked in the modules."""
    catalog = Catalog(project="Amanat", domain=DOMAIN)
    found = extract_from_dir(
        str(PACKAGE_DIR), METHODS, OPTIONS, keywords=KEYWORDS, strip_comment_tags=True
    )
    for filename, lineno, message, comments, context in found:
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def po_path(lang: str) -> Path:
    return locale_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(lang: str) -> Catalog:
    with po_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


HEADER = """\
# {language} messages of the Amanat web app.
# Distributed under the same licence as Amanat (AGPL-3.0-or-later).
# Untranslated messages fall back as amanat.language.i18n.FALLBACK says."""


def _tidy(catalog: Catalog, lang: str) -> Catalog:
    """Project header fields instead of Babel's placeholders."""
    catalog.project, catalog.version = "Amanat", "1"
    catalog.copyright_holder = "Amanat contributors"
    catalog.msgid_bugs_address = ""
    catalog.last_translator = "Amanat contributors"
    catalog.language_team = f"Amanat {lang}"
    catalog.header_comment = HEADER.format(language=lang)
    catalog.revision_date = catalog.creation_date
    catalog.fuzzy = False
    return catalog


def update() -> None:
    template = extract()
    for lang in LANGUAGES:
        if lang == DEFAULT_LANGUAGE:
            continue
        path = po_path(lang)
        if path.exists():
            catalog = read(lang)
            catalog.update(template, no_fuzzy_matching=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=lang, domain=DOMAIN, project="Amanat")
            catalog.update(template, no_fuzzy_matching=True)
        with path.open("wb") as handle:
            write_po(handle, _tidy(catalog, lang), width=100, ignore_obsolete=True)


def translated(message: Message) -> bool:
    """Whether a message has its translation: every form of a plural one (Babel holds
    an untranslated plural as ("", ""), which is true, and would compile it to "")."""
    string = message.string
    filled = all(string) if isinstance(string, list | tuple) else bool(string)
    return bool(message.id) and filled and not message.fuzzy


def compiled(lang: str) -> bytes:
    catalog = read(lang)
    for message in list(catalog):
        if message.id and not translated(message):
            catalog.delete(message.id, message.context)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def compile_all() -> None:
    for lang in LANGUAGES:
        if lang != DEFAULT_LANGUAGE:
            po_path(lang).with_suffix(".mo").write_bytes(compiled(lang))


Text = str | tuple[str, ...]


def _text(value: object) -> Text:
    # A plural message's id and string are sequences, however Babel stores them.
    return tuple(str(part) for part in value) if isinstance(value, list | tuple) else str(value)


def answers(catalog: Catalog) -> tuple[str, dict[tuple[str | None, Text], Text]]:
    """What a compiled catalogue answers: its plural rule, and (context, msgid) ->
    translation for every message ``write_mo`` keeps (translated, not fuzzy).

    Compared rather than the .mo's bytes: Babel writes its own version into the
    header ("Generated-By"), so the same messages compile to other bytes under
    another Babel.
    """
    kept = (m for m in catalog if translated(m))
    return catalog.plural_forms, {(m.context, _text(m.id)): _text(m.string) for m in kept}


def stale_catalogues() -> list[str]:
    """Languages whose shipped .mo answers other than their .po says."""
    stale = []
    for lang in LANGUAGES:
        if lang == DEFAULT_LANGUAGE:
            continue
        mo = po_path(lang).with_suffix(".mo")
        if not mo.exists():
            stale.append(lang)
            continue
        with mo.open("rb") as handle:
            shipped = read_mo(handle)
        if answers(shipped) != answers(read(lang)):
            stale.append(lang)
    return stale


def missing_translations(lang: str) -> list[str]:
    """Msgids used in the code that ``lang``'s catalogue does not translate."""
    catalog = read(lang)
    missing = []
    for message in extract():
        if not message.id:
            continue
        found = catalog.get(message.id)
        if found is None or not translated(found):
            missing.append(str(message.id))
    return missing


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        stale = stale_catalogues()
        for lang in stale:
            print(f"{lang}: the .mo is out of date; run: python -m {MODULE} compile")
        return 1 if stale else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

"""One translation mechanism: outside amanat.language no module or data file holds
words per language.  The vocabularies' YAML is the one other place, by design: a
code's label in each of the six languages, checked complete by the vocab tests; and
organisations' names, which are data kept per language."""

from __future__ import annotations

import re
from pathlib import Path

import amanat

PACKAGE = Path(amanat.__file__).parent
# A language code as the key of a word ("ru": ..., ru: ...) in a dict or a YAML map.
KEYED = re.compile(r"""(?:^|[{,])\s*(["']?)(ru|kk|ky|uz|tg)\1\s*:\s""")
# Where a language code is a key for another reason than words to show.
NOT_WORDS = {
    "vocab",  # the vocabularies' labels, six languages each (issue 17), and their loader
    "names",  # transliteration tables per language: letters, not words to show
    "language",
    # Data, not interface words: the demo organisations' names in their languages
    # (an organisation's names are kept per language, issue 17 item 3).
    "demo/data/organisations.yaml",
}


def _checked() -> list[Path]:
    files = [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.yaml"), *PACKAGE.rglob("*.yml")]
    return [
        f for f in files if not any(str(f.relative_to(PACKAGE)).startswith(n) for n in NOT_WORDS)
    ]


def test_no_module_holds_translations_of_its_own() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in _checked()
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if KEYED.search(line)
    ]
    assert found == [], found


def test_the_four_old_mechanisms_are_gone() -> None:
    assert not (PACKAGE / "analyze/report/messages.py").exists()
    assert not (PACKAGE / "intake/data/messages.yaml").exists()
    assert "SENTENCES" not in (PACKAGE / "service/web/form_reasons.py").read_text("utf-8")
    workbook = (PACKAGE / "exchange/workbook.py").read_text("utf-8")
    assert not re.search(r"[А-Яа-яЁё]", workbook)  # no Russian words in the export's code


def test_the_check_finds_a_table() -> None:
    assert KEYED.search('    "title": {"en": "Country report", "ru": "Страновой доклад"},')
    assert KEYED.search('  required: {en: "is required", ru: "обязательное поле"}')
    assert not KEYED.search('LANGUAGES = ("en", "ru", "kk")')

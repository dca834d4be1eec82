"""The catalogue check: a shipped .mo is current when it answers what its .po says,
whichever Babel compiled it; a changed, missing or withdrawn translation is stale."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from amanat.language import catalogues, i18n


@pytest.fixture
def locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped catalogues that the check reads instead."""
    copy = tmp_path / "locale"
    shutil.copytree(i18n.locale_dir(), copy)
    monkeypatch.setattr(catalogues, "locale_dir", lambda: copy)
    return copy


def _mo(locale: Path, lang: str) -> Path:
    return locale / lang / "LC_MESSAGES" / "messages.mo"


def _save(catalog: Catalog, lang: str) -> None:
    with catalogues.po_path(lang).open("wb") as handle:
        write_po(handle, catalog, width=100)


def test_a_mo_written_by_another_babel_is_current(locale: Path) -> None:
    # The header names the Babel that wrote it; another release changes only that.
    mo = _mo(locale, "ru")
    data = mo.read_bytes()
    other = re.sub(
        rb"Generated-By: Babel [0-9.]+",
        lambda found: re.sub(rb"[0-9]", b"0", found.group()),
        data,
    )
    assert other != data
    mo.write_bytes(other)
    assert catalogues.stale_catalogues() == []


def test_a_translation_changed_without_compiling_is_stale(locale: Path) -> None:
    catalog = catalogues.read("ru")
    catalog["Your cases and their next deadlines"].string = "Ваши дела и сроки"
    _save(catalog, "ru")
    assert catalogues.stale_catalogues() == ["ru"]
    catalogues.compile_all()
    assert catalogues.stale_catalogues() == []


def test_a_translation_marked_fuzzy_is_stale_until_compiled(locale: Path) -> None:
    # A fuzzy translation is not compiled: the .mo must stop giving it.
    catalog = catalogues.read("kk")
    message = next(m for m in catalog if m.id and m.string)
    message.flags.add("fuzzy")
    _save(catalog, "kk")
    assert catalogues.stale_catalogues() == ["kk"]
    catalogues.compile_all()
    assert catalogues.stale_catalogues() == []


def test_a_changed_plural_form_is_stale(locale: Path) -> None:
    catalog = catalogues.read("ru")
    forms = ("%(n)s дело", "%(n)s дела", "%(n)s дел")
    catalog.add(("%(n)s case", "%(n)s cases"), forms)
    _save(catalog, "ru")
    catalogues.compile_all()
    assert catalogues.stale_catalogues() == []
    catalog["%(n)s case"].string = (*forms[:2], "%(n)s делах")
    _save(catalog, "ru")
    assert catalogues.stale_catalogues() == ["ru"]


def test_a_missing_mo_is_stale(locale: Path) -> None:
    _mo(locale, "tg").unlink()
    assert catalogues.stale_catalogues() == ["tg"]

"""An import appends its federation changes in bulk, and the feed then holds exactly
what the per-row triggers would have put there: the same records, in the same order,
under the same sequence numbers.  A refused import leaves no change behind — on SQLite
and PostgreSQL."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, text
from tests.conftest import _truncate_all
from tests.intake.conftest import PASSWORD, import_as
from tests.intake.test_import import PEOPLE_PROFILE, VICTIM_PROFILE

from amanat.access.accounts import add_organisation, add_user
from amanat.access.vault import MasterKey
from amanat.actions.intake import ImportRequest
from amanat.intake import rows
from amanat.intake.profile import parse_profile
from amanat.store.engine import make_engine, transaction

HEADER = "Номер;Фамилия;Имя;Отчество;Пол;Дата рождения;Гражданство;Паспорт\n"
PEOPLE = HEADER + "".join(
    f"P-{n};Асанов;Бакыт;Жумабекович;муж.;14.03.19{60 + n};KG;AC{1000000 + n}\n"
    for n in range(1, 6)
)
# Two people sent again (updated in place), three new, in batches of two.
REVISED = HEADER + "".join(
    f"P-{n};Садыков;Ерлан;;муж.;01.01.19{70 + n};KZ;\n" for n in (4, 6, 2, 7, 8)
)
VICTIMS = (
    "id;ФИО;Дата рождения;Пол;Возраст;Форма\n"
    "V-1;Каримова Дильноза;02.05.2001;жен.;19;Принудительный труд\n"
    "V-2;Асанова Айгуль;11.11.1999;жен.;20;Принудительный труд\n"
    "V-3;Нурланова Мария;03.03.2003;жен.;17;Принудительный труд\n"
)
Feed = list[tuple[int, str, int]]
Register = Callable[[], Engine]


@pytest.fixture
def fresh(engine: Engine, sqlite_template: Path, tmp_path: Path) -> Iterator[Register]:
    """Empty registers with the same organisations and users, one after another: new
    SQLite files, or the one PostgreSQL database emptied (its sequences restarted)."""
    made: list[Engine] = []

    def register() -> Engine:
        if engine.dialect.name == "sqlite":
            path = tmp_path / f"register-{len(made)}.sqlite"
            shutil.copyfile(sqlite_template, path)
            target = make_engine(f"sqlite:///{path}")
            made.append(target)
        else:
            _truncate_all(engine)
            target = engine
        with transaction(target) as session:
            add_organisation(session, "KG-POL", "Kyrgyz police", "police", "KG")
            add_organisation(session, "KZ-NGO", "Shelter", "ngo", "KZ")
            add_user(session, "KG-POL", "asel", "Asel", "investigator", PASSWORD)
            add_user(session, "KZ-NGO", "aida", "Aida", "case_worker", PASSWORD)
        return target

    yield register
    for made_engine in made:
        made_engine.dispose()


def _feed(engine: Engine) -> Feed:
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT seq, record_table, record_id FROM federation_change ORDER BY seq")
        )
        return [(int(s), str(t), int(i)) for s, t, i in found]


def _import(engine: Engine, folder: Path, name: str, content: str, **options: object) -> None:
    path = folder / name
    path.write_text(content, encoding="utf-8")
    profile = parse_profile(VICTIM_PROFILE if name.startswith("v") else PEOPLE_PROFILE)
    request = ImportRequest(path, profile, batch_rows=2)
    user = "aida" if name.startswith("v") else "asel"
    result = import_as(engine, request, user, **options)  # type: ignore[arg-type]
    assert result.ok and result.written, result.errors


def _scenario(engine: Engine, folder: Path, master: MasterKey) -> tuple[Feed, int]:
    """First imports, re-imports that update and add, victims (each with the protected
    person it hangs on) imported and imported again; the feed, and how many statements
    appended changes themselves."""
    appended: list[str] = []

    def _seen(_c: object, _cur: object, statement: str, *_rest: object) -> None:
        if statement.startswith("INSERT INTO federation_change"):
            appended.append(statement)

    event.listen(engine, "before_cursor_execute", _seen)
    try:
        _import(engine, folder, "people.csv", PEOPLE)
        _import(engine, folder, "people.csv", REVISED)
        _import(engine, folder, "victims.csv", VICTIMS, master=master)
        _import(engine, folder, "victims.csv", VICTIMS, master=master)
    finally:
        event.remove(engine, "before_cursor_execute", _seen)
    return _feed(engine), len(appended)


def test_an_import_appends_exactly_the_changes_the_triggers_would(
    fresh: Register, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    master = MasterKey(os.urandom(32))
    in_bulk, statements = _scenario(fresh(), tmp_path, master)
    monkeypatch.setattr(rows, "BULK_CHANGES", False)
    by_trigger, none = _scenario(fresh(), tmp_path, master)
    assert none == 0 and statements > 0  # the triggers, then the bulk path, were used
    assert in_bulk == by_trigger
    tables = [t for _, t, _ in in_bulk]
    # 5 people, 2 updated + 3 new; 3 protected people and their victims, twice.
    assert (tables.count("person"), tables.count("victim")) == (5 + 5 + 3 + 3, 3 + 3)
    assert [s for s, _, _ in in_bulk] == list(range(1, len(in_bulk) + 1))


def test_a_refused_import_leaves_no_change(fresh: Register, tmp_path: Path) -> None:
    engine = fresh()
    _import(engine, tmp_path, "people.csv", PEOPLE)
    before = _feed(engine)
    # Two batches of two written (one updating, one new) before row 5's bad date.
    bad = HEADER + "".join(
        f"P-{n};Садыков;Ерлан;;муж.;{date};KZ;\n"
        for n, date in (
            (1, "01.01.1970"),
            (9, "01.01.1971"),
            (10, "01.01.1972"),
            (11, "01.01.1973"),
            (12, "31.02.1974"),
        )
    )
    path = tmp_path / "bad.csv"
    path.write_text(bad, encoding="utf-8")
    request = ImportRequest(path, parse_profile(PEOPLE_PROFILE), batch_rows=2)
    refused = import_as(engine, request, "asel")
    assert not refused.written and [e.row for e in refused.errors] == [6]
    assert _feed(engine) == before
    # The triggers count the next writer as before (PostgreSQL's sequence moved on: the
    # numbers a rollback drew are not drawn again, with or without the bulk path).
    with engine.begin() as connection:
        connection.execute(text("UPDATE person SET version = version + 1 WHERE id = 1"))
    after = _feed(engine)
    assert after[:-1] == before and after[-1][1:] == ("person", 1)

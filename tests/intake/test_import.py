"""Importing files: one transaction, provenance and marking, errors by row and column,
re-imports that update, victims sealed — on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine, select
from tests.actions.conftest import acting
from tests.intake.conftest import Importer, count, import_as

from amanat.access.audit_store import AuditRecord
from amanat.access.identity_vault import ProtectedIdentity
from amanat.access.roles import PermissionDenied
from amanat.access.vault import MasterKey
from amanat.actions import intake
from amanat.actions.intake import ImportRefused, ImportRequest
from amanat.intake.problems import IntakeError
from amanat.intake.profile import parse_profile
from amanat.intake.report import write_error_report
from amanat.register import (
    Case,
    Citizenship,
    IdentityDocument,
    Organisation,
    Person,
    PersonName,
    Relationship,
    SeizedDrug,
    Seizure,
    Victim,
)
from amanat.store.engine import session_factory

PEOPLE = """Номер;Фамилия;Имя;Отчество;Пол;Дата рождения;Гражданство;Паспорт
P-1;Асанов;Бакыт;Жумабекович;муж.;14.03.1985;Кыргызстан;AC1234567
P-2;Иванова;Мария;;жен.;00.00.1990;KZ, RU;
P-3;Smith;John;;male;1979;GB;
"""
PEOPLE_PROFILE: dict[str, object] = {
    "kind": "person",
    "id": "Номер",
    "marking": {"tlp": "AMBER", "handling": "H1", "reliability": "B", "credibility": "2"},
    "columns": {
        "Фамилия": "name.family",
        "Имя": "name.given",
        "Отчество": "name.patronymic",
        "Пол": {"field": "sex", "values": {"муж.": "male", "жен.": "female"}},
        "Дата рождения": "birth_date",
        "Гражданство": {"field": "citizenship", "split": ","},
        "Паспорт": {"field": "document.number", "set": {"doc_type": "national_passport"}},
    },
}


def _people(engine: Engine) -> list[Person]:
    with session_factory(engine)() as session:
        people = list(session.scalars(select(Person).order_by(Person.external_id)))
        for person in people:
            _ = (person.names, person.citizenships, person.documents)
        return people


def test_a_file_is_imported_with_provenance_and_marking(
    registered: Engine, run_import: Importer
) -> None:
    result = run_import("people.csv", PEOPLE, PEOPLE_PROFILE)
    assert result.ok and result.written
    assert result.counts["person"].created == 3
    people = _people(registered)
    with session_factory(registered)() as session:
        police = session.scalar(select(Organisation.id).where(Organisation.code == "KG-POL"))
    asanov = people[0]
    assert asanov.names[0].full_name == "Асанов Бакыт Жумабекович"
    assert (asanov.names[0].script, asanov.names[0].family) == ("Cyrl", "Асанов")
    assert (asanov.birth_year, asanov.birth_month, asanov.birth_day) == (1985, 3, 14)
    assert [c.country for c in asanov.citizenships] == ["KG"]
    assert asanov.documents[0].doc_type == "national_passport"
    assert {(p.org_id, p.tlp, p.handling, p.reliability, p.credibility) for p in people} == {
        (police, "AMBER", "H1", "B", "2")
    }
    ivanova = people[1]
    assert (ivanova.birth_year, ivanova.birth_month) == (1990, None)
    assert sorted(c.country for c in ivanova.citizenships) == ["KZ", "RU"]
    assert people[2].names[0].script == "Latn"


def test_re_importing_updates_instead_of_duplicating(
    registered: Engine, run_import: Importer
) -> None:
    run_import("people.csv", PEOPLE, PEOPLE_PROFILE)
    newer = PEOPLE.replace(
        "P-2;Иванова;Мария;;жен.;00.00.1990;KZ, RU;",
        "P-2;Иванова;Мария;Петровна;жен.;00.00.1990;KZ;",
    )
    newer += "P-4;Ли;Вэй;;;2001;CN;\n"
    result = run_import("people.csv", newer, PEOPLE_PROFILE)
    assert (result.counts["person"].created, result.counts["person"].updated) == (1, 3)
    assert count(registered, Person) == 4
    assert count(registered, PersonName) == 4
    assert count(registered, Citizenship) == 4
    assert count(registered, IdentityDocument) == 1
    ivanova = _people(registered)[1]
    assert ivanova.names[0].full_name == "Иванова Мария Петровна"
    assert ivanova.version == 2


def test_a_bad_row_leaves_the_register_unchanged(registered: Engine, run_import: Importer) -> None:
    run_import("people.csv", PEOPLE, PEOPLE_PROFILE)
    before = [count(registered, t) for t in (Person, PersonName, Citizenship, IdentityDocument)]
    bad = (
        PEOPLE.replace("P-3;Smith;John;;male;1979;GB;", "P-3;Smith;John;;x;31.02.2001;QQ;")
        + "P-9;Ok;Ok;;male;1980;KZ;\n"
    )
    result = run_import("people.csv", bad, PEOPLE_PROFILE)
    assert not result.written
    found = {(e.row, e.column, e.value, e.code) for e in result.errors}
    assert found == {
        (4, "Пол", "x", "unknown_value"),
        (4, "Дата рождения", "31.02.2001", "not_a_real_date"),
        (4, "Гражданство", "QQ", "unknown_value"),
    }
    assert [
        count(registered, t) for t in (Person, PersonName, Citizenship, IdentityDocument)
    ] == before
    russian = {e.reason("ru") for e in result.errors}
    assert "такой даты не существует" in russian


def test_a_dry_run_checks_everything_and_writes_nothing(
    registered: Engine, run_import: Importer
) -> None:
    result = run_import("people.csv", PEOPLE, PEOPLE_PROFILE, dry_run=True)
    assert result.ok and not result.written
    assert result.counts["person"].created == 3
    assert [d.external_id for d in result.samples["person"]] == ["P-1", "P-2", "P-3"]
    assert count(registered, Person) == 0


def test_a_record_id_twice_in_one_file_is_an_error(run_import: Importer) -> None:
    result = run_import("people.csv", PEOPLE + "P-1;Асанов;Б.;;муж.;1985;KG;\n", PEOPLE_PROFILE)
    assert [(e.row, e.code, e.params) for e in result.errors] == [(5, "duplicate_id", {"first": 2})]


def test_a_cross_field_check_of_the_register_applies(run_import: Importer) -> None:
    profile = {
        "kind": "case",
        "id": "n",
        "columns": {"t": "case_type", "j": "jurisdiction", "o": "opened_on", "c": "closed_on"},
    }
    result = run_import("cases.csv", "n,t,j,o,c\n1,tip,KG,01.02.2024,01.01.2024\n", profile)
    assert [(e.column, e.code) for e in result.errors] == [("c", "before_opened_on")]
    assert result.errors[0].reason() == "is before opened_on 2024-02-01"
    assert result.errors[0].reason("ru") == "раньше даты возбуждения 2024-02-01"


def test_a_required_field_missing_from_a_row(run_import: Importer) -> None:
    profile = {"kind": "seizure", "id": "n", "columns": {"d": "seized_on", "c": "country"}}
    result = run_import("s.csv", "n,d,c\n1,01.02.2024,\n", profile)
    assert [(e.row, e.column, e.code) for e in result.errors] == [(2, "c", "required")]


def test_seizures_with_russian_numbers_and_references(
    registered: Engine, run_import: Importer
) -> None:
    cases = {
        "kind": "case",
        "id": "n",
        "columns": {"n": "case_number", "t": "case_type", "j": "jurisdiction"},
    }
    assert run_import("cases.csv", "n,t,j\nД-7,drugs,KG\n", cases).ok
    seizures = {
        "kind": "seizure",
        "id": "Номер",
        "columns": {
            "Номер": "concealment",
            "Дело": "case_id",
            "Дата": "seized_on",
            "Страна": "country",
            "Вещество": {"field": "drug.substance", "values": {"героин": "heroin"}},
            "Вес, кг": "drug.quantity_kg",
        },
    }
    text = "Номер;Дело;Дата;Страна;Вещество;Вес, кг\nИ-1;Д-7;14.03.2023;Кыргызстан;героин;1 234,5\n"
    assert run_import("s.csv", text, seizures).ok
    with session_factory(registered)() as session:
        seizure = session.scalars(select(Seizure)).one()
        case = session.scalars(select(Case)).one()
        drug = session.scalars(select(SeizedDrug)).one()
    assert seizure.case_id == case.id
    assert (drug.substance, float(drug.quantity_kg)) == ("heroin", 1234.5)
    missing = run_import("s.csv", text.replace("Д-7", "Д-8"), seizures)
    assert [(e.column, e.value, e.code) for e in missing.errors] == [
        ("Дело", "Д-8", "no_such_record")
    ]


VICTIMS = (
    "id;ФИО;Дата рождения;Пол;Возраст;Форма\n"
    "V-1;Каримова Дильноза;02.05.2001;жен.;19;Принудительный труд\n"
)
VICTIM_PROFILE: dict[str, object] = {
    "kind": "victim",
    "id": "id",
    "columns": {
        "ФИО": "name.full_name",
        "Дата рождения": "birth_date",
        "Пол": {"field": "sex", "values": {"жен.": "female"}},
        "Возраст": "age_at_exploitation",
        "Форма": "exploitation",
    },
}


def test_victims_identities_are_sealed_never_plaintext(
    registered: Engine, run_import: Importer, master: MasterKey
) -> None:
    result = run_import("v.csv", VICTIMS, VICTIM_PROFILE, user="aida", master=master)
    assert result.ok, result.errors
    assert result.counts["victim"].sealed == 1
    with session_factory(registered)() as session:
        victim = session.scalars(select(Victim)).one()
        person = session.get(Person, victim.person_id)
        assert person is not None and person.is_protected and person.sex == "female"
        assert person.birth_year is None
        assert session.get(ProtectedIdentity, person.id) is not None
        assert victim.exploitation[0].form == "ForcedLabour"
    assert count(registered, PersonName) == 0
    again = run_import("v.csv", VICTIMS, VICTIM_PROFILE, user="aida", master=master)
    assert (again.counts["victim"].updated, count(registered, Person)) == (1, 1)


def test_protected_identities_without_the_master_key_are_refused(run_import: Importer) -> None:
    with pytest.raises(IntakeError) as caught:
        run_import("v.csv", VICTIMS, VICTIM_PROFILE, user="aida")
    assert caught.value.code == "protected_needs_key"


def test_an_error_in_a_victims_name_does_not_show_the_name(
    run_import: Importer, master: MasterKey
) -> None:
    long_name = "Каримова " * 50
    result = run_import(
        "v.csv",
        VICTIMS.replace("Каримова Дильноза", long_name),
        VICTIM_PROFILE,
        user="aida",
        master=master,
    )
    assert [(e.column, e.value, e.code) for e in result.errors] == [
        ("ФИО", "[protected]", "too_long")
    ]


def test_a_role_that_may_not_create_is_named(run_import: Importer) -> None:
    with pytest.raises(PermissionDenied, match="lacks 'create'"):
        run_import("people.csv", PEOPLE, PEOPLE_PROFILE, user="stat")


def test_a_marking_wider_than_the_tlp_is_refused(run_import: Importer) -> None:
    profile = {**PEOPLE_PROFILE, "marking": {"tlp": "RED", "distribution": "community"}}
    with pytest.raises(IntakeError) as caught:
        run_import("people.csv", PEOPLE, profile)
    assert caught.value.code == "marking"


def test_an_xlsx_with_russian_headings(
    registered: Engine, run_import: Importer, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in PEOPLE.splitlines():
        sheet.append(row.split(";"))
    sheet.append(["P-5", "=1+1", "Formula", "", "муж.", "1980", "KZ", ""])
    path = tmp_path / "people.xlsx"
    book.save(path)
    result = run_import("people.xlsx", path.read_bytes(), PEOPLE_PROFILE)
    assert result.ok, result.errors
    assert count(registered, Person) == 4


def test_missing_headings_are_listed(run_import: Importer) -> None:
    with pytest.raises(IntakeError) as caught:
        run_import("people.csv", PEOPLE.replace("Паспорт", "Документ"), PEOPLE_PROFILE)
    assert caught.value.code == "missing_headings"
    assert "'Паспорт'" in str(caught.value)


FTM = "\n".join(
    json.dumps(entity, ensure_ascii=False)
    for entity in [
        {
            "id": "p1",
            "schema": "Person",
            "properties": {
                "name": ["Асанов Бакыт"],
                "alias": ["ASANOV BAKYT"],
                "birthDate": ["1985-03"],
                "gender": ["male"],
                "nationality": ["kg"],
            },
        },
        {"id": "p2", "schema": "Person", "properties": {"name": ["Асанова Айгуль"]}},
        {
            "id": "f1",
            "schema": "Family",
            "properties": {"person": ["p1"], "relative": ["p2"], "relationship": ["wife"]},
        },
        {"id": "d1", "schema": "Passport", "properties": {"holder": ["p1"], "number": ["AC1"]}},
    ]
)


def test_a_followthemoney_stream_with_the_built_in_profile(
    registered: Engine, tmp_path: Path
) -> None:
    from amanat.intake.profile import load_profile

    path = tmp_path / "entities.ftm.jsonl"
    path.write_text(FTM, encoding="utf-8")
    result = import_as(registered, ImportRequest(path, load_profile("ftm")))
    assert result.ok, result.errors
    assert (result.counts["person"].created, result.counts["relationship"].created) == (2, 1)
    assert result.skipped == 1  # the Passport: no section for it
    people = _people(registered)
    assert sorted(n.full_name for n in people[0].names) == ["ASANOV BAKYT", "Асанов Бакыт"]
    assert (people[0].birth_year, people[0].birth_month, people[0].sex) == (1985, 3, "male")
    with session_factory(registered)() as session:
        link = session.scalars(select(Relationship)).one()
    assert (link.kind, link.detail) == ("family", "wife")


def test_imported_names_get_their_search_keys_and_a_reimport_replaces_them(
    registered: Engine, run_import: Importer
) -> None:
    from amanat.register.name_key import PersonNameKey, stored_keys

    def keys() -> set[tuple[str, str]]:
        with session_factory(registered)() as session:
            query = select(PersonName.full_name, PersonNameKey.key).join(
                PersonNameKey, PersonNameKey.name_id == PersonName.id
            )
            return {(name, key) for name, key in session.execute(query)}

    assert run_import("people.csv", PEOPLE, PEOPLE_PROFILE).written
    expected = {
        (name, key)
        for name in ("Асанов Бакыт Жумабекович", "Иванова Мария", "Smith John")
        for key in stored_keys(name)
    }
    assert keys() == expected
    renamed = PEOPLE.replace("Smith;John", "Smyth;Jon")
    assert run_import("people.csv", renamed, PEOPLE_PROFILE).counts["person"].updated == 3
    assert {n for n, _ in keys()} == {"Асанов Бакыт Жумабекович", "Иванова Мария", "Smyth Jon"}
    assert len(keys()) == count(registered, PersonNameKey)


# Through the door: the import is the caller's transaction's, and so is its entry.


def _imports_audited(engine: Engine) -> list[dict[str, object]]:
    with session_factory(engine)() as session:
        query = select(AuditRecord.detail).where(AuditRecord.action == "import")
        return [json.loads(detail) for detail in session.scalars(query)]


def _people_file(tmp_path: Path, text: str = PEOPLE) -> Path:
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_refused_import_leaves_nothing_and_no_entry_even_if_the_caller_commits(
    registered: Engine, tmp_path: Path
) -> None:
    # The bad row comes last, after two batches of one row each were written.
    bad = PEOPLE + "P-9;Ok;Ok;;мужик;1980;KZ;\n"
    request = ImportRequest(
        _people_file(tmp_path, bad), parse_profile(PEOPLE_PROFILE), batch_rows=1
    )
    with acting(registered, "asel") as ctx:
        with pytest.raises(ImportRefused) as refused:
            intake.run_import(ctx, request)
        # An adapter that caught the refusal and went on to commit keeps nothing of it.
    assert [(e.row, e.code) for e in refused.value.result.errors] == [(5, "unknown_value")]
    assert not refused.value.result.written
    assert [count(registered, t) for t in (Person, PersonName, Citizenship)] == [0, 0, 0]
    assert _imports_audited(registered) == []


def test_an_import_and_its_entry_are_one_transaction(registered: Engine, tmp_path: Path) -> None:
    request = ImportRequest(_people_file(tmp_path), parse_profile(PEOPLE_PROFILE))

    class Later(Exception):
        """Something after the import fails, in the same request."""

    with pytest.raises(Later):
        with acting(registered, "asel") as ctx:
            assert intake.run_import(ctx, request).written
            raise Later
    assert (count(registered, Person), _imports_audited(registered)) == (0, [])
    with acting(registered, "asel") as ctx:
        intake.run_import(ctx, request)
    assert count(registered, Person) == 3
    [entry] = _imports_audited(registered)
    assert (entry["file"], entry["rows"], entry["created"]) == ("people.csv", 3, 3)
    assert entry["via"] == "command line as a user"


def test_a_check_leaves_the_callers_transaction_as_it_was(
    registered: Engine, tmp_path: Path
) -> None:
    request = ImportRequest(_people_file(tmp_path), parse_profile(PEOPLE_PROFILE))
    with acting(registered, "asel") as ctx:
        checked = intake.check_import(ctx, request)
        assert checked.dry_run and not checked.written
        assert checked.counts["person"].created == 3
        # The same transaction goes on, and the import finds nothing of the check.
        done = intake.run_import(ctx, request)
    assert (done.counts["person"].created, count(registered, Person)) == (3, 3)
    assert len(_imports_audited(registered)) == 1  # the check is not an import


def test_a_profile_for_another_organisation_is_refused(registered: Engine, tmp_path: Path) -> None:
    profile = parse_profile({**PEOPLE_PROFILE, "organisation": "KZ-NGO"})
    with acting(registered, "asel") as ctx:
        with pytest.raises(IntakeError) as caught:
            intake.check_import(ctx, ImportRequest(_people_file(tmp_path), profile))
    assert caught.value.code == "organisation_mismatch"
    assert "KG-POL" in caught.value.message("en")


def test_bad_values_are_told_in_russian_naming_field_and_value(
    run_import: Importer, tmp_path: Path
) -> None:
    """Each reason by its code, said in the importer's language from the one catalogue:
    a value's own check, and a check across fields (once an English sentence the
    import translated back by pattern)."""
    profile = dict(PEOPLE_PROFILE)
    profile["columns"] = {
        **PEOPLE_PROFILE["columns"],  # type: ignore[dict-item]
        "Выдан": "document.issued_on",
        "Действителен до": "document.expires_on",
    }
    text = (
        "Номер;Фамилия;Имя;Отчество;Пол;Дата рождения;Гражданство;Паспорт;Выдан;Действителен до\n"
        "P-1;Асанов;Бакыт;;муж.;14.03.2090;KG;AC1234567;01.02.2020;01.01.2019\n"
        "P-2;Иванова;Мария;;жен.;1990;KZ;;;\n"
    )
    result = run_import("people.csv", text, profile)
    assert not result.written
    told = {(e.row, e.column, e.value, e.reason("ru")) for e in result.errors}
    assert told == {
        (2, "Дата рождения", "2090-03-14", "ещё не наступила"),
        (2, "Действителен до", "2019-01-01", "не позже даты выдачи 2020-02-01"),
    }, told
    write_error_report(tmp_path / "errors.csv", result.errors, "ru")
    report = (tmp_path / "errors.csv").read_text("utf-8-sig")
    assert report.startswith("строка,столбец,значение,причина")
    assert "Действителен до,2019-01-01,не позже даты выдачи 2020-02-01" in report

"""Exports: FollowTheMoney, the HTCDS and CTDC tables, GLOTIP indicators, XLSX and
JSON — what the user may see, audited, and never a victim's identity.  Each
standard's own conformance is tested beside this file (test_ftm, test_htcds,
test_ctdc, test_glotip)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, select
from tests.actions.conftest import acting
from tests.exchange.conftest import PLAINTEXT_VICTIM, SEALED_VICTIM, Exporter

from amanat.access.audit_store import AuditRecord
from amanat.access.roles import PermissionDenied
from amanat.access.vault import MasterKey
from amanat.actions import exports
from amanat.actions.exports import ExportRequest
from amanat.exchange.export import FORMATS
from amanat.register import Consent, Organisation, Person, PersonName
from amanat.store.engine import transaction


def _text(path: Path) -> str:
    if path.suffix != ".xlsx" and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as bundle:
            return "\n".join(bundle.read(n).decode("utf-8-sig") for n in bundle.namelist())
    if path.suffix == ".xlsx":
        book = load_workbook(path, read_only=True)
        return "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
        )
    return path.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("format", FORMATS)
def test_a_victims_name_never_leaves_for_a_non_owner(
    export: Exporter, protected_names: set[str], format: str
) -> None:
    assert protected_names, "the demo region has protected persons"
    text = _text(export(format).output)
    leaked = [name for name in protected_names if name in text]
    assert leaked == []


def test_the_owner_gets_identities_only_when_asking_and_with_the_key(
    export: Exporter, protected_names: set[str], master: MasterKey
) -> None:
    assert SEALED_VICTIM not in _text(export("ftm", user="owner").output)
    asked = export("ftm", user="owner", identities_for="assistance")
    assert SEALED_VICTIM not in _text(asked.output)  # no master key given: nothing released
    released = export("ftm", user="owner", identities_for="assistance", master=master)
    assert SEALED_VICTIM in _text(released.output)
    assert released.identities_released == 1
    assert PLAINTEXT_VICTIM not in _text(released.output)  # plaintext is never the source
    other = export("ftm", user="analyst", identities_for="research", master=master)
    assert SEALED_VICTIM not in _text(other.output)


def test_a_consent_without_her_identity_releases_none(
    export: Exporter, region: Engine, protected_names: set[str], master: MasterKey
) -> None:
    """She agreed to share her record for assistance, not who she is: the owner's
    export for that purpose carries her record, never her name."""
    with transaction(region) as session:
        for consent in session.scalars(select(Consent)):
            consent.identity = False
    released = export("ftm", user="owner", identities_for="assistance", master=master)
    assert SEALED_VICTIM not in _text(released.output)
    assert released.identities_released == 0


# What an attacker types into a name or an organisation's code (CSV injection).
FORMULAS = ('=HYPERLINK("http://x.invalid","y")', "+1+1", "@SUM(A1)", "-2+3")


def _formulas_in_names(region: Engine) -> None:
    """Four people everyone may see, named with formulas, owned by the test shelter,
    whose code becomes a formula too."""
    with transaction(region) as session:
        shelter = session.scalars(
            select(Organisation).where(Organisation.code == "KZ-NGO-TEST")
        ).one()
        for formula in FORMULAS:
            person = Person(org_id=shelter.id, tlp="GREEN", distribution="community")
            person.names.append(PersonName(full_name=formula, script="Latn"))
            session.add(person)
        shelter.code = FORMULAS[0]


def test_xlsx_headings_in_russian_and_formula_text_stays_text(
    region: Engine, export: Exporter
) -> None:
    _formulas_in_names(region)
    path = export("xlsx", lang="ru").output
    book = load_workbook(path)
    assert "Лица" in book.sheetnames
    sheet = book["Лица"]
    headings = [c.value for c in sheet[1]]
    assert "Пол" in headings and "Имена" in headings
    cells = [c for s in book.worksheets for row in s.iter_rows(min_row=2) for c in row]
    texts = [str(c.value) for c in cells if isinstance(c.value, str)]
    assert [f for f in FORMULAS if not any(f in text for text in texts)] == []
    # Text, exactly as recorded: a string cell is never computed, so no apostrophe.
    found = [c for c in cells if isinstance(c.value, str) and c.value.startswith(FORMULAS)]
    assert found and all(c.data_type == "s" for c in found)
    assert not [c.coordinate for c in cells if c.data_type == "f"]


def test_csv_exports_write_formulas_as_text(
    region: Engine, protected_names: set[str], export: Exporter
) -> None:
    _formulas_in_names(region)  # the shelter owns the two victims protected_names adds
    owners = {row["cas_CaseOwner"] for row in csv.DictReader(_csv(export("htcds").output))}
    assert "'" + FORMULAS[0] in owners and FORMULAS[0] not in owners


def _csv(path: Path) -> io.StringIO:
    """The export's CSV table: the file, or the standard's table in a zip."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as bundle:
            name = next(n for n in bundle.namelist() if n in ("htcds.csv", "ctdc.csv"))
            return io.StringIO(bundle.read(name).decode("utf-8-sig"), newline="")
    return io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")


@pytest.mark.parametrize("format", ["ctdc", "glotip", "htcds"])
def test_csv_exports_keep_numbers_numbers(export: Exporter, format: str) -> None:
    cells = [cell for row in csv.reader(_csv(export(format).output)) for cell in row]
    assert cells and not [c for c in cells if c.startswith("'")]


def test_xlsx_takes_control_characters_xml_cannot_hold(region: Engine, export: Exporter) -> None:
    with transaction(region) as session:
        name = session.scalars(
            select(PersonName).join(Person).where(~Person.is_protected).limit(1)
        ).one()
        name.full_name = "Асанов\x07Бакыт\x0c"
    path = export("xlsx").output
    sheet = load_workbook(path)["People"]
    found = [c.value for row in sheet.iter_rows(min_row=2) for c in row if c.value]
    assert any("Асанов\ufffdБакыт\ufffd" in str(v) for v in found)


def test_json_export_is_valid_json(export: Exporter) -> None:
    document = json.loads(export("json").output.read_text(encoding="utf-8"))
    assert document["format"] == "amanat-export/1"
    assert document["records"]["person"]


def test_exports_are_audited(region: Engine, export: Exporter) -> None:
    result = export("glotip")
    with region.connect() as connection:
        entry = connection.execute(select(AuditRecord).where(AuditRecord.action == "export")).one()
    detail = json.loads(entry.detail)
    assert (detail["format"], detail["rows"]) == ("glotip", result.rows)


def test_a_role_that_may_not_export_is_refused(export: Exporter, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied, match="lacks 'export'"):
        export("ftm", user="auditor")
    assert not list(tmp_path.glob("export.*"))


def _exports_audited(region: Engine) -> list[dict[str, object]]:
    with region.connect() as connection:
        query = select(AuditRecord.detail).where(AuditRecord.action == "export")
        return [json.loads(detail) for detail in connection.scalars(query)]


def test_an_export_and_its_entry_are_one_transaction(region: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    output = folder / "people.ftm.jsonl"

    class Later(Exception):
        """Something after the export fails, in the same command."""

    with pytest.raises(Later):
        with acting(region, "analyst") as ctx:
            exports.run_export(ctx, ExportRequest("ftm", output))
            raise Later
    # Rolled back: no entry, and no file — neither the export nor its partial copy.
    assert (_exports_audited(region), list(folder.iterdir())) == ([], [])
    with acting(region, "analyst") as ctx:
        result = exports.run_export(ctx, ExportRequest("ftm", output))
        # Until the entry commits, the file has no name anyone would open.
        assert not output.exists()
    assert output.is_file() and [p.name for p in folder.iterdir()] == [output.name]
    [entry] = _exports_audited(region)
    assert (entry["rows"], entry["file"], entry["via"]) == (
        result.rows,
        output.name,
        "command line as a user",
    )
    assert entry["rows_person"] == result.kinds["person"] > 0


def test_the_export_command_goes_through_the_door(region: Engine, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from amanat.cli.main import app

    database = region.url.render_as_string(hide_password=False)
    output = tmp_path / "exports" / "out.json"
    output.parent.mkdir()
    base = ["export", "--format", "json", "--output", str(output), "--database", database]
    refused = CliRunner().invoke(app, [*base, "--user", "auditor"])
    assert refused.exit_code == 1 and "lacks 'export'" in refused.output
    assert list(output.parent.iterdir()) == [] and _exports_audited(region) == []
    done = CliRunner().invoke(app, [*base, "--user", "analyst"])
    assert done.exit_code == 0, done.output
    assert json.loads(output.read_text(encoding="utf-8"))["records"]["person"]
    [entry] = _exports_audited(region)
    assert (entry["format"], entry["via"]) == ("json", "command line as a user")

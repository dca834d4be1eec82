"""The HTCDS 2.0 victim table: one row per visible victim record, in a zip.

``htcds.csv`` holds only fields of IOM's Human Trafficking Case Data Standard 2.0,
under their 2.0 names, with 2.0 picklist values (``data/htcds-2.0.yaml``, the official
field list); ``data/htcds.yaml`` says which fields, and maps the register's
vocabularies onto the picklists.  ``amanat-extension.csv`` holds, row for row, what
the register has that 2.0 lacks or says more coarsely.  The victim's name and date of
birth are filled only where the export may carry the identity (the owner's case
worker, under the victim's consent); otherwise they stay empty and the extension
carries the pseudonym.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import select

from amanat.access.identity_vault import ProtectedIdentity
from amanat.exchange.bundle import Bundle
from amanat.exchange.reference import reference
from amanat.exchange.scope import ExportScope, Record, records
from amanat.names.parts import Role, name_parts
from amanat.register import Organisation, Victim
from amanat.vocab import vocabulary

STANDARD, EXTENSION = "htcds.csv", "amanat-extension.csv"
README = """HTCDS 2.0 victim table exported by Amanat.

htcds.csv: fields of IOM's Human Trafficking Case Data Standard, version 2.0
  ("HTCDS Field Standards 2.0", https://github.com/UNMigration/HTCDS), under their
  2.0 names and with 2.0 picklist values; several values in a cell are separated
  by ";".  Countries are ISO 3166-1 alpha-2 codes.
amanat-extension.csv: what Amanat records beyond the standard, one line for each
  line of htcds.csv (htcds_row is its number, the first data line being 1).

HTCDS by IOM is licensed under CC BY 4.0.
"""


@cache
def standard() -> dict[str, Any]:
    """The official HTCDS 2.0 field list and picklists."""
    return reference("htcds-2.0")


@cache
def mapping() -> dict[str, Any]:
    """The export's 2.0 columns and value mappings, checked against the standard: a
    column that is not a 2.0 field, or a value outside its picklist, fails here."""
    spec = reference("htcds")
    fields = standard()["fields"]
    unknown = [c for c in spec["columns"] if c not in fields]
    if unknown:
        raise ValueError(f"htcds.yaml: {unknown} are not HTCDS 2.0 fields")
    return spec


def _picklist(field: str) -> dict[str, str]:
    values: dict[str, str] = standard()["fields"][field]["values"]
    return values


@cache
def _industries() -> dict[str, str]:
    """ISIC section letter → the vic_ForcedLabourIndustry value ("F" → "F_Construction")."""
    return {value.split("_", 1)[0]: value for value in _picklist("vic_ForcedLabourIndustry")}


def _map(vocab: str, code: str | None) -> str | None:
    return None if code is None else mapping()["values"][vocab].get(code)


def _gender(row: Any) -> str | None:
    return _map("gender_identity", row.gender_identity) or _map("sex", row.sex)


def _industry(sectors: Iterable[str]) -> str | None:
    terms = vocabulary("labour_sector")
    for sector in sectors:
        section = terms.term(sector).attrs.get("isic")
        if section:
            return _industries()[section]
    return None


def _countries(movements: Any, stage: str) -> list[str]:
    return list(dict.fromkeys(m.country for m in movements if m.stage == stage))


def _name_fields(identity: Any) -> dict[str, str | None]:
    """The first name's parts as 2.0 splits them: given (prs_FirstName), patronymic
    (prs_MiddleName), family (prs_SecondName).  A name recorded whole is split by the
    name layer, which knows the region's orders; a part whose role it cannot tell
    fills the first of given and family still empty."""
    name = (identity.names or [{}])[0] if identity is not None else {}
    found = {k: name.get(k) for k in ("given", "patronymic", "family")}
    if any(found.values()) or not name.get("full_name"):
        return found
    roles = {Role.GIVEN: "given", Role.PATRONYMIC: "patronymic", Role.FAMILY: "family"}
    unknown = []
    for part in name_parts(name["full_name"]):
        slot = roles.get(part.role)
        if slot is not None and not found[slot]:
            found[slot] = part.text
        else:
            unknown.append(part.text)
    for slot in ("given", "family"):
        if not found[slot] and unknown:
            found[slot] = unknown.pop(0)
    return found


def _birthdate(identity: Any) -> str | None:
    if identity is None or not identity.birth_year:
        return None
    parts = (identity.birth_year, identity.birth_month, identity.birth_day)
    return "-".join(f"{v:02d}" if i else f"{v:04d}" for i, v in enumerate(parts) if v)


def htcds_row(record: Record, owner: str, identity: Any) -> dict[str, object]:
    """The 2.0 fields of one victim."""
    join = standard()["separator"].join
    row, parts = record.row, record.parts
    exploitation = parts["exploitation"]
    name = _name_fields(identity)
    sectors = [e.labour_sector for e in exploitation if e.labour_sector]
    return {
        "cas_CaseOwner": owner,
        "prs_FirstName": name.get("given"),
        "prs_MiddleName": name.get("patronymic"),
        "prs_SecondName": name.get("family"),
        "prs_Birthdate": _birthdate(identity),
        "prs_Gender": _gender(row),
        "prs_Citizenship": row.citizenship,
        "vic_TraffickingStatus": _map("trafficking_status", row.trafficking_status),
        "vic_TraffickingStatusDecisionMakingOrg": _map("status_decider", row.status_decided_by),
        "vic_RelationshipToTrafficker": _map("recruiter_relationship", row.recruiter_relationship),
        "vic_AgeWhenTrafficked": row.age_at_exploitation,
        "vic_MethodOfRecruitment": _map("recruitment_method", row.recruitment_method),
        "vic_LocationOfRecruitment": join(_countries(parts["movements"], "recruitment")),
        "vic_MethodsOfControl": join(
            dict.fromkeys(
                v for c in parts["means_of_control"] if (v := _map("means_of_control", c.means))
            )
        ),
        "vic_TypeOfExploitation": join(
            dict.fromkeys(v for e in exploitation if (v := _map("exploitation_form", e.form)))
        ),
        "vic_ForcedLabourIndustry": _industry(sectors),
        "vic_TypeOfSexExploitation": join(
            dict.fromkeys(
                v
                for e in exploitation
                if (v := _map("sex_exploitation_type", e.sex_exploitation_type))
            )
        ),
        "vic_LocationOfExploitation": join(_countries(parts["movements"], "exploitation")),
    }


def extension_row(record: Record, number: int, pseudonym: str | None) -> dict[str, object]:
    """What the register has of the same victim beyond 2.0: its own codes, where 2.0's
    are coarser, and the record's markings."""
    join = standard()["separator"].join
    row, parts = record.row, record.parts
    sectors = [e.labour_sector for e in parts["exploitation"] if e.labour_sector]
    return {
        "htcds_row": number,
        "amanat_VictimId": f"amanat-victim-{row.id}",
        "amanat_CaseId": f"amanat-case-{row.case_id}" if row.case_id is not None else None,
        "amanat_Pseudonym": pseudonym,
        "amanat_IdentifiedOn": row.identified_on,
        "amanat_Sex": row.sex,
        "amanat_GenderIdentity": row.gender_identity,
        "amanat_RecruiterRelationship": row.recruiter_relationship,
        "amanat_MethodsOfControl": join(dict.fromkeys(c.means for c in parts["means_of_control"])),
        "amanat_LabourSectors": join(dict.fromkeys(sectors)),
        "amanat_TLP": row.tlp,
        "amanat_Handling": row.handling,
    }


def write_htcds(scope: ExportScope, path: Path, tick: Callable[[int], None] | None) -> int:
    session = scope.session
    owners = {i: c for i, c in session.execute(select(Organisation.id, Organisation.code))}
    query = select(ProtectedIdentity.person_id, ProtectedIdentity.pseudonym)
    pseudonyms = {person: pseudonym for person, pseudonym in session.execute(query)}
    spec = mapping()
    columns, extension = spec["columns"], spec["extension"]
    count = 0
    with Bundle(path) as bundle:
        bundle.text("README.txt", README)
        # The standard's table closes first, so it is the zip's first table.
        with bundle.csv(EXTENSION) as extension_out, bundle.csv(STANDARD) as standard_out:
            standard_out.writerow(columns)
            extension_out.writerow(extension)
            for record in records(scope, Victim):
                row = record.row
                identity = None
                if scope.release is not None and row.person_id is not None:
                    identity = scope.release.identity(row.person_id, row.org_id)
                count += 1
                values = htcds_row(record, owners[row.org_id], identity)
                standard_out.writerow([values[c] for c in columns])
                more = extension_row(record, count, pseudonyms.get(row.person_id))
                extension_out.writerow([more[c] for c in extension])
                if tick is not None and not count % 10_000:
                    tick(count)
    scope.count("victim", count)
    return count

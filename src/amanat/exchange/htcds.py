"""The HTCDS 2.0 victim case table (CSV): one row per visible victim record.

Field names and picklist values follow IOM's Human Trafficking Case Data Standard;
the register's vocabularies already use its codes.  The victim's name and date of
birth are filled only where the export may carry the identity (the owner's case
worker, under the victim's consent); otherwise they stay empty and the row carries
the pseudonym.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from amanat.access.identity_vault import ProtectedIdentity
from amanat.cells import CsvWriter
from amanat.exchange.scope import ExportScope, Record, records
from amanat.register import Organisation, Victim


@cache
def standard() -> dict[str, Any]:
    text = resources.files("amanat.exchange").joinpath("data/htcds.yaml").read_text("utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


def _countries(movements: Any, stage: str) -> list[str]:
    return list(dict.fromkeys(m.country for m in movements if m.stage == stage))


def htcds_row(
    record: Record, owner: str, pseudonym: str | None, identity: Any
) -> dict[str, object]:
    spec = standard()
    join = spec["separator"].join
    row = record.row
    parts = record.parts
    exploitation = parts["exploitation"]
    name = (identity.names or [{}])[0] if identity is not None else {}
    birth = None
    if identity is not None and identity.birth_year:
        birth = "-".join(
            f"{v:02d}" if i else f"{v:04d}"
            for i, v in enumerate((identity.birth_year, identity.birth_month, identity.birth_day))
            if v
        )
    return {
        "cas_CaseId": f"amanat-victim-{row.id}",
        "cas_CaseOwner": owner,
        "prs_FirstName": name.get("given"),
        "prs_MiddleName": name.get("patronymic"),
        "prs_LastName": name.get("family"),
        "prs_Birthdate": birth,
        "prs_Gender": spec["gender"].get(row.sex) if row.sex else None,
        "prs_Nationality": row.citizenship,
        "vic_TraffickingStatus": row.trafficking_status,
        "vic_AgeWhenTrafficked": row.age_at_exploitation,
        "vic_MethodOfRecruitment": row.recruitment_method,
        "vic_RelationshipToTrafficker": row.recruiter_relationship,
        "vic_MethodsOfControl": join(c.means for c in parts["means_of_control"]),
        "vic_TypeOfExploitation": join(dict.fromkeys(e.form for e in exploitation)),
        "vic_TypeOfLabourExploitation": join(
            dict.fromkeys(e.labour_sector for e in exploitation if e.labour_sector)
        ),
        "vic_TypeOfSexExploitation": join(
            dict.fromkeys(e.sex_exploitation_type for e in exploitation if e.sex_exploitation_type)
        ),
        "vic_LocationOfRecruitment": join(_countries(parts["movements"], "recruitment")),
        "vic_LocationOfExploitation": join(_countries(parts["movements"], "exploitation")),
        "amanat_StatusDecidedBy": row.status_decided_by,
        "amanat_IdentifiedOn": row.identified_on,
        "amanat_Pseudonym": pseudonym,
        "amanat_TLP": row.tlp,
        "amanat_Handling": row.handling,
    }


def write_htcds(scope: ExportScope, path: Path, tick: Callable[[int], None] | None) -> int:
    session = scope.session
    owners = {i: c for i, c in session.execute(select(Organisation.id, Organisation.code))}
    query = select(ProtectedIdentity.person_id, ProtectedIdentity.pseudonym)
    pseudonyms = {person: pseudonym for person, pseudonym in session.execute(query)}
    columns = standard()["columns"]
    count = 0
    # UTF-8 with a byte-order mark: Excel then shows Cyrillic correctly.
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = CsvWriter(out)
        writer.writerow(columns)
        for record in records(scope, Victim):
            row = record.row
            identity = None
            if scope.release is not None and row.person_id is not None:
                identity = scope.release.identity(row.person_id, row.org_id)
            values = htcds_row(record, owners[row.org_id], pseudonyms.get(row.person_id), identity)
            writer.writerow([values[c] for c in columns])
            count += 1
            if tick is not None and not count % 10_000:
                tick(count)
    scope.count("victim", count)
    return count

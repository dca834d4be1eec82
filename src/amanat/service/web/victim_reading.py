"""Reading the victim form into a protected person and a victim record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from amanat.language.i18n import N_
from amanat.register import Consent, Person, Victim
from amanat.service.web.form_input import FormInput
from amanat.vocab import vocabulary

CONSENT_FIRST = N_("Consent comes first: register a victim only with her or his agreement.")
LABOUR_FORMS = frozenset({"ForcedLabour", "ChildLabour", "Servitude", "ForcedBegging"})
# Where the register's objections land on the form: (record index, field) -> field.
FIELDS: dict[tuple[str | int, ...], str] = {
    (0, "names"): "full_name",
    (0, "birth_year"): "birth_year",
    (0, "birth_month"): "birth_month",
    (0, "birth_day"): "birth_day",
    (0, "documents"): "document_number",
    (0, "phones"): "phone",
    (0, "person"): "birth_day",
    (1, "consents"): "consent_assistance",
    (1, "exploitation"): "exploitation",
    (1, "means_of_control"): "means_of_control",
    (1, "case_id"): "case_id",
    (1, "identified_on"): "identified_on",
    (1, "age_at_exploitation"): "age_at_exploitation",
    (1, "charged_offence"): "charged_offence",
}


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def consents(form: FormInput) -> list[dict[str, Any]]:
    """The consents given, read first: without consent to assistance, nothing else."""
    given_on = form.field("consent_given_on", Consent.given_on, required=True)
    org = form.integer("consent_org", 1, 2**62)
    if not form.flag("consent_assistance"):
        form.error("consent_assistance", CONSENT_FIRST)
        return []
    found = []
    for purpose in vocabulary("consent_purpose").codes():
        if form.flag(f"consent_{purpose}"):
            entry: dict[str, Any] = {"purpose": purpose, "given_on": _iso(given_on)}
            if org is not None:
                entry["granted_to_org_id"] = org
            found.append(entry)
    return found


def person(form: FormInput, marking: dict[str, Any]) -> dict[str, Any]:
    """The protected person: everything here is sealed in the vault."""
    record: dict[str, Any] = {
        "kind": "person",
        "ref": "person",
        "is_protected": True,
        "names": [],
        **marking,
    }
    name = form.text("full_name", required=True, limit=300)
    if name:
        record["names"] = [{"full_name": name}]
    for key in ("birth_year", "birth_month", "birth_day"):
        value = form.field(key, getattr(Person, key))
        if value is not None:
            record[key] = value
    if record.get("birth_day") and not record.get("birth_month"):
        form.error("birth_month", N_("Give the month too, or leave the day empty."))
    if (record.get("birth_day") or record.get("birth_month")) and not record.get("birth_year"):
        form.error("birth_year", N_("Give the year too, or leave the month and day empty."))
    sex = form.code("sex", "sex")
    if sex:
        record["sex"] = sex
    citizenship = form.code("citizenship", "country")
    if citizenship:
        record["citizenships"] = [citizenship]
    doc_type, number = (
        form.code("document_type", "document_type"),
        form.text("document_number", limit=60),
    )
    if number and not doc_type:
        form.error("document_type", N_("Say what kind of document this is."))
    if number and doc_type:
        record["documents"] = [{"doc_type": doc_type, "number": number}]
    phone = form.text("phone", limit=40)
    if phone:
        record["phones"] = [phone]
    return record


def _exploitation(form: FormInput) -> list[dict[str, Any]]:
    sector = form.code("labour_sector", "labour_sector")
    sex_type = form.code("sex_exploitation_type", "sex_exploitation_type")
    rows = []
    for code in form.codes("exploitation", "exploitation_form"):
        row: dict[str, Any] = {"form": code}
        if code in LABOUR_FORMS and sector:
            row["labour_sector"] = sector
        if code == "SexualExploitation" and sex_type:
            row["sex_exploitation_type"] = sex_type
        rows.append(row)
    return rows


def victim(
    form: FormInput, marking: dict[str, Any], given: list[dict[str, Any]], org_id: int
) -> dict[str, Any]:
    charged = form.flag("charged_with_offence")
    record: dict[str, Any] = {
        "kind": "victim",
        "ref": "victim",
        "person_id": "@person",
        "case_id": form.integer("case_id", 1, 2**62),
        "trafficking_status": form.code("trafficking_status", "trafficking_status", required=True),
        "status_decided_by": form.code("status_decided_by", "status_decider"),
        "sex": form.code("sex", "sex"),
        "age_at_exploitation": form.field("age_at_exploitation", Victim.age_at_exploitation),
        "citizenship": form.code("citizenship", "country"),
        "recruitment_method": form.code("recruitment_method", "recruitment_method"),
        "recruiter_relationship": form.code("recruiter_relationship", "recruiter_relationship"),
        "identified_on": _iso(form.field("identified_on", Victim.identified_on)),
        "charged_with_offence": charged,
        "charged_offence": form.text("charged_offence", limit=300) if charged else None,
        "exploitation": _exploitation(form),
        "means_of_control": form.codes("means_of_control", "means_of_control"),
        "consents": given,
        **marking,
    }
    return {k: v for k, v in record.items() if v is not None}

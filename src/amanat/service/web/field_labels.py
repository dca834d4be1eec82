"""What each field of a record is called on a page or a form (English msgids).

One table for every kind, since the same column means the same thing wherever it
appears; a field missing here is shown by its column name, and a test lists them.
"""

from __future__ import annotations

from amanat.intake.fields import resolve
from amanat.intake.problems import IntakeError
from amanat.intake.remapping import RECORD_ID
from amanat.language.i18n import N_, gettext

FIELD_LABELS: dict[str, str] = {
    # Provenance
    "org_id": N_("Submitted by"),
    "submitted_at": N_("Submitted"),
    "updated_at": N_("Last changed"),
    "source_id": N_("Source document"),
    "source_kind": N_("Kind of source"),
    "reliability": N_("Source reliability"),
    "credibility": N_("Information credibility"),
    "tlp": N_("Marking (TLP)"),
    "handling": N_("Handling code"),
    "distribution": N_("Distribution"),
    "sharing_group_id": N_("Sharing group"),
    "external_id": N_("Reference in the submitter's system"),
    "version": N_("Version"),
    # Cases and the justice pipeline
    "case_type": N_("Type of case"),
    "jurisdiction": N_("Jurisdiction"),
    "case_number": N_("Case number"),
    "title": N_("Title"),
    "status": N_("Status"),
    "opened_on": N_("Opened on"),
    "closed_on": N_("Closed on"),
    "summary": N_("Summary"),
    "case_id": N_("Case"),
    "person_id": N_("Person"),
    "stage": N_("Stage"),
    "occurred_on": N_("Date"),
    "place_id": N_("Place"),
    "sentence_months": N_("Prison sentence (months)"),
    "fine_amount": N_("Fine"),
    "fine_currency": N_("Currency of the fine"),
    "confiscation": N_("Confiscation of assets"),
    "appeal_outcome": N_("Outcome of the appeal"),
    "from_country": N_("From country"),
    "to_country": N_("To country"),
    "court": N_("Court"),
    "detail": N_("Details"),
    "role": N_("Role in the case"),
    "perpetrator_role": N_("Role in the trafficking process"),
    "facilitator_kind": N_("Kind of facilitator"),
    "is_public_official": N_("Public official"),
    "official_position": N_("Official position"),
    "official_employer_id": N_("Employing organisation"),
    "article": N_("Article"),
    "part": N_("Part"),
    "description": N_("Description"),
    # People and victims
    "sex": N_("Sex"),
    "gender_identity": N_("Gender identity"),
    "birth_year": N_("Year of birth"),
    "birth_month": N_("Month of birth"),
    "birth_day": N_("Day of birth"),
    "birth_place_id": N_("Place of birth"),
    "is_protected": N_("Protected identity"),
    "notes": N_("Notes"),
    "full_name": N_("Full name"),
    "given": N_("Given name"),
    "patronymic": N_("Patronymic"),
    "family": N_("Family name"),
    "doc_type": N_("Type of document"),
    "issuing_country": N_("Issued by"),
    "issued_on": N_("Issued on"),
    "expires_on": N_("Expires on"),
    "line": N_("Address"),
    "valid_from_year": N_("Since (year)"),
    "sequence": N_("Step"),
    "script": N_("Script"),
    "language": N_("Language"),
    "trafficking_status": N_("Trafficking status"),
    "status_decided_by": N_("Status decided by"),
    "age_at_exploitation": N_("Age at exploitation"),
    "citizenship": N_("Citizenship"),
    "recruitment_method": N_("How recruited"),
    "recruiter_relationship": N_("Relationship to the recruiter"),
    "identified_on": N_("Identified on"),
    "charged_with_offence": N_("Charged with an offence (non-punishment)"),
    "charged_offence": N_("Offence charged"),
    "form": N_("Form of exploitation"),
    "sex_exploitation_type": N_("Type of sexual exploitation"),
    "labour_sector": N_("Labour sector"),
    "means": N_("Means of control"),
    "provider_org_id": N_("Provider"),
    "referred_on": N_("Referred on"),
    "completed_on": N_("Completed on"),
    "note": N_("Note"),
    "purpose": N_("Purpose"),
    "granted_to_org_id": N_("Granted to"),
    "given_on": N_("Given on"),
    "withdrawn_on": N_("Withdrawn on"),
    # Whether a consent lets the organisation know who she is.
    "identity": N_("Who she is, too"),
    # Seizures and weapons
    "seized_on": N_("Seized on"),
    "country": N_("Country"),
    "ammunition_rounds": N_("Ammunition (rounds)"),
    "cash_amount": N_("Cash"),
    "cash_currency": N_("Currency of the cash"),
    "origin_country": N_("Country of origin"),
    "destination_country": N_("Country of destination"),
    "concealment": N_("Concealment"),
    "substance": N_("Substance"),
    "quantity_kg": N_("Quantity (kg)"),
    "weapon_type": N_("Type of weapon"),
    "make": N_("Make"),
    "model": N_("Model"),
    "calibre": N_("Calibre"),
    "serial_number": N_("Serial number"),
    "manufactured_year": N_("Year of manufacture"),
    "seizure_id": N_("Seizure"),
    "storage_loss_id": N_("Reported lost from storage"),
    "reported_on": N_("Reported on"),
    "facility": N_("Facility"),
    "circumstances": N_("Circumstances"),
    # Groups, places, things, links, sources
    "kind": N_("Kind"),
    "name": N_("Name"),
    "alias": N_("Alias"),
    "registration_number": N_("Registration number"),
    "name_ru": N_("Name in Russian"),
    "region": N_("Region"),
    "district": N_("District"),
    "city": N_("City"),
    "parent_id": N_("Part of"),
    "latitude": N_("Latitude"),
    "longitude": N_("Longitude"),
    "plate": N_("Number plate"),
    "plate_country": N_("Country of the plate"),
    "vin": N_("VIN"),
    "colour": N_("Colour"),
    "year": N_("Year"),
    "number": N_("Number"),
    "imei": N_("IMEI"),
    "operator": N_("Operator"),
    "from_person_id": N_("From person"),
    "from_group_id": N_("From group"),
    "to_person_id": N_("To person"),
    "to_group_id": N_("To group"),
    "to_organisation_id": N_("To organisation"),
    "to_vehicle_id": N_("To vehicle"),
    "to_phone_id": N_("To phone"),
    "started_on": N_("From"),
    "ended_on": N_("Until"),
    "amount": N_("Amount"),
    "currency": N_("Currency"),
    "reference": N_("Reference"),
    "published_on": N_("Published on"),
    "url": N_("Address (URL)"),
    "content_sha256": N_("SHA-256 of the file"),
}

# Names of the kinds of record, as pages call them.
KIND_LABELS: dict[str, str] = {
    "case": N_("Case"),
    "person": N_("Person"),
    "victim": N_("Victim"),
    "seizure": N_("Seizure"),
    "weapon": N_("Weapon"),
    "group": N_("Group"),
    "place": N_("Place"),
    "source": N_("Source document"),
    "vehicle": N_("Vehicle"),
    "phone": N_("Phone"),
    "pipeline_event": N_("Pipeline event"),
    "case_role": N_("Role in a case"),
    "relationship": N_("Relationship"),
    "storage_loss": N_("Storage loss"),
    "organisation": N_("Organisation"),
}

# Links of a record (``links_of``), as section headings.
LINK_LABELS: dict[str, str] = {
    "roles": N_("People in cases"),
    "events": N_("Justice pipeline"),
    "victims": N_("Victims"),
    "seizures": N_("Seizures"),
    "charges": N_("Charges"),
    "relationships": N_("Relationships"),
    "weapons": N_("Weapons"),
    "same_serial_number": N_("Same serial number seen elsewhere"),
    # On a page of this kind, the link reads better as:
    "case:roles": N_("People in the case"),
    "person:roles": N_("Roles in cases"),
    "person:charges": N_("Charged in"),
}


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name)


RECORD_ID_LABEL = N_("Your own record id (re-imports update the record)")
BIRTH_DATE_LABEL = N_("Date of birth")


def profile_field_label(kind: str, field: str, lang: str) -> str:
    """What a column of an imported file goes to (a field of ``amanat.intake.fields``),
    as the import's mapping form names it: "Sex", "Names — Family name", "Names (2) —
    Full name"; a field that is none of ``kind``'s is shown as written."""
    if field == RECORD_ID:
        return gettext(lang, RECORD_ID_LABEL)
    try:
        target = resolve(kind, field)
    except IntakeError:
        return field
    if target.column is None:
        return gettext(lang, BIRTH_DATE_LABEL)
    column = gettext(lang, FIELD_LABELS.get(target.column.key, target.column.key))
    if target.part is None:
        return column
    table = gettext(lang, TABLE_LABELS.get(target.part, target.part))
    number = f" ({target.instance})" if target.instance > 1 else ""
    # "Means of control", not "Means of control — Means of control".
    return f"{table}{number}" if table == column else f"{table}{number} — {column}"


ROLE_LABELS: dict[str, str] = {
    "analyst": N_("Analyst"),
    "investigator": N_("Investigator"),
    "prosecutor": N_("Prosecutor"),
    "case_worker": N_("Case worker"),
    "statistics_officer": N_("Statistics officer"),
    "auditor": N_("Auditor"),
    "administrator": N_("Administrator"),
}

# Child lists of a record, as table headings.
TABLE_LABELS: dict[str, str] = {
    "names": N_("Names"),
    "citizenships": N_("Citizenships"),
    "documents": N_("Identity documents"),
    "phones": N_("Phones"),
    "addresses": N_("Addresses"),
    "exploitation": N_("Exploitation"),
    "means_of_control": N_("Means of control"),
    "movements": N_("Journey"),
    "assistance": N_("Assistance and referrals"),
    "consents": N_("Consent"),
    "drugs": N_("Drugs seized"),
    "charges": N_("Charges"),
}

"""What the web's own things are called (English msgids): a record's links, the
roles, and a column of an imported file on the mapping form.  Fields, kinds and
parts of records are named in ``amanat.register.labels``, which exports read too.
"""

from __future__ import annotations

from amanat.intake.fields import resolve
from amanat.intake.problems import IntakeError
from amanat.intake.remapping import RECORD_ID
from amanat.language.i18n import N_, gettext
from amanat.register.labels import BIRTH_DATE_LABEL, FIELD_LABELS, TABLE_LABELS

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


RECORD_ID_LABEL = N_("Your own record id (re-imports update the record)")


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

"""The records the security suite plants: one bundle of every kind for each way a
record can reach (or not reach) a caller, each carrying a unique marker string.

A marker is written where the kind keeps its own words (a case's title, a person's
name, a seizure's concealment, a victim's charged offence ...), so any answer can be
scanned for what it discloses.  A victim's person is protected: its name, sealed in
the vault, is the bundle's *sealed* marker, which only the identity routes may show.
"""

from __future__ import annotations

from typing import Any

# How a planted record stands to the organisations of the world (``world.ORGS``):
# OWN's own only, OWN's shared with its sharing group, OWN's shared by name with
# NAMED, and OTHER's own only.
SHARINGS = ("organisation", "group", "named", "other")
# Which organisations' readers may see a record of each sharing (the test's oracle,
# written from the design, not from the code).
SEEN_BY: dict[str, frozenset[str]] = {
    "organisation": frozenset({"own"}),
    "group": frozenset({"own", "group"}),
    "named": frozenset({"own", "named"}),
    "other": frozenset({"other"}),
}
OWNED_BY = {"organisation": "own", "group": "own", "named": "own", "other": "other"}
DISTRIBUTION = {"organisation": "owner", "group": "group", "named": "named", "other": "owner"}
# Every planted person's surname: a search for it finds all the people one may see.
SURNAME = "Testov"
# The field of each kind that holds its marker.
MARKED_FIELD = {
    "source": "title",
    "place": "name",
    "person": "notes",
    "group": "name",
    "vehicle": "plate",
    "phone": "operator",
    "case": "title",
    "case_role": "official_position",
    "pipeline_event": "detail",
    "victim": "charged_offence",
    "seizure": "concealment",
    "weapon": "serial_number",
    "storage_loss": "facility",
    "relationship": "detail",
}
KINDS = tuple(MARKED_FIELD)


SHORT = {"organisation": "org", "group": "grp", "named": "nmd", "other": "oth"}


def marker(kind: str, sharing: str) -> str:
    """One word, found nowhere else, short enough for any text field (a plate holds
    20 characters): ``Zqcaseorg9``."""
    return f"Zq{kind.replace('_', '')}{SHORT[sharing]}9"


def sealed_marker(sharing: str) -> str:
    return f"Zqsealed{SHORT[sharing]}9"


def bundle(sharing: str, group_id: int | None) -> list[dict[str, Any]]:
    """One record of every kind (and the victim's protected person), in one
    submission; ``ref`` is the kind, the victim's person is ``victim_person``."""
    mark = {kind: marker(kind, sharing) for kind in KINDS}
    fields: dict[str, dict[str, Any]] = {
        "source": {"title": mark["source"]},
        "place": {"place_kind": "city", "name": mark["place"], "country": "KZ"},
        "person": {
            "names": [{"full_name": f"{mark['person']} {SURNAME}"}],
            "notes": mark["person"],
            "sex": "male",
        },
        "group": {"group_kind": "gang", "name": mark["group"]},
        "vehicle": {"plate": mark["vehicle"]},
        "phone": {"number": "+77010000001", "operator": mark["phone"]},
        "case": {
            "case_type": "tip",
            "jurisdiction": "KZ",
            "status": "investigation",
            "title": mark["case"],
        },
        "case_role": {
            "case_id": "@case",
            "person_id": "@person",
            "role": "suspect",
            "official_position": mark["case_role"],
        },
        "pipeline_event": {
            "case_id": "@case",
            "stage": "reported",
            "occurred_on": "2024-01-10",
            "detail": mark["pipeline_event"],
        },
        "victim": {
            "person_id": "@victim_person",
            "case_id": "@case",
            "sex": "female",
            "charged_with_offence": True,
            "charged_offence": mark["victim"],
        },
        "seizure": {"seized_on": "2024-02-01", "country": "KZ", "concealment": mark["seizure"]},
        "weapon": {"weapon_type": "pistol", "serial_number": mark["weapon"]},
        "storage_loss": {
            "reported_on": "2024-03-01",
            "country": "KZ",
            "facility": mark["storage_loss"],
        },
        "relationship": {
            "relationship_kind": "member_of",
            "from_person_id": "@person",
            "to_group_id": "@group",
            "detail": mark["relationship"],
        },
    }
    protected = {
        "kind": "person",
        "ref": "victim_person",
        "is_protected": True,
        "sex": "female",
        "names": [{"full_name": f"{sealed_marker(sharing)} {SURNAME}"}],
    }
    marking = {"distribution": DISTRIBUTION[sharing], "sharing_group_id": group_id}
    records = [{**protected, **marking}]
    for kind in KINDS:
        # A kind's own "kind" column is given as "<kind>_kind" ("place_kind").
        records.append({"kind": kind, "ref": kind, **fields[kind], **marking})
    return records


def bait(group_id: int) -> list[dict[str, Any]]:
    """A case of OWN's, shared with its group, with no marker: what the planted share
    and emergency requests are about (GROUP asks to share it with NAMED, NAMED asks
    to read it in an emergency), so deciding them discloses nothing the oracle counts."""
    return [
        {
            "kind": "case",
            "ref": "bait",
            "case_type": "tip",
            "jurisdiction": "KZ",
            "title": "An unremarkable case",
            "distribution": "group",
            "sharing_group_id": group_id,
        }
    ]


def quiet_person() -> list[dict[str, Any]]:
    """A person of OWN's only, with no marker: what the planted request for information
    is about (OTHER asks for it after a hit), so releasing it discloses nothing the
    oracle counts."""
    return [
        {
            "kind": "person",
            "ref": "quiet",
            "names": [{"full_name": "An Unremarkable Person"}],
            "distribution": "owner",
        }
    ]

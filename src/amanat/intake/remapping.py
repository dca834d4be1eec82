"""A profile's columns sent where a person chose: what the web app's mapping form (one
drop-down per column of the file) makes of the profile it started from.

Only a profile of one kind of record is mapped this way; one of several sections (the
built-in FollowTheMoney profile) is edited as YAML.  A column whose field is unchanged
keeps everything the profile said about it (``values``, ``dates``, ``split``); a column
sent to another field starts plain, and the rest of the profile (marking, dates,
numbers) is kept as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import yaml

from amanat.intake.fields import field_names, resolve
from amanat.intake.problems import IntakeError
from amanat.intake.profile import Profile
from amanat.intake.values import lookup_key

RECORD_ID = "external_id"  # the agency's own record id: the profile's ``id``


def canonical(kind: str, field: str) -> str:
    """One name for one field: a bare part (``citizenship``) as its main column
    (``citizenship.country``), as ``field_names`` lists it; anything else as it is."""
    try:
        target = resolve(kind, field)
    except IntakeError:
        return field
    if target.part is None or target.column is None or "." in field:
        return field
    return f"{field}.{target.column.key}"


def _mappable(kind: str, field: str) -> bool:
    try:
        resolve(kind, field)
    except IntakeError:
        return False
    return True


def chosen_fields(profile: Profile, headings: Iterable[str]) -> list[str] | None:
    """The field the profile sends each heading to (``RECORD_ID`` for the id column,
    "" for none); None for a profile of several sections."""
    if len(profile.sections) != 1:
        return None
    section = profile.sections[0]
    targets = {
        lookup_key(rule.heading): canonical(section.kind, rule.target) for rule in section.columns
    }
    if section.id_column:
        targets[lookup_key(section.id_column)] = RECORD_ID
    return [targets.get(lookup_key(heading), "") for heading in headings]


def offered_fields(kind: str, profile: Profile | None = None) -> list[str]:
    """What a column of ``kind`` may go to: the record id, every field, and any other
    the profile already uses (a second name, ``name2.full_name``)."""
    # Only what a profile may name (``field_names`` also lists the source's file hash,
    # which the register sets).
    offered = [RECORD_ID, *(f for f in field_names(kind) if _mappable(kind, f))]
    if profile is not None and len(profile.sections) == 1:
        used = (canonical(kind, r.target) for r in profile.sections[0].columns)
        offered += [field for field in used if field not in offered]
    return offered


def _document(text: str) -> dict[str, Any]:
    try:
        loaded = yaml.safe_load(text) if text.strip() else None
    except yaml.YAMLError:
        loaded = None
    if loaded is None:
        return {"amanat_profile": 1}
    if not isinstance(loaded, dict) or "sections" in loaded:
        raise IntakeError("bad_profile", text="only a profile of one kind of record is mapped")
    return loaded


def remapped(text: str, kind: str, chosen: Sequence[tuple[str, str]]) -> str:
    """The YAML of profile ``text`` with ``kind`` and each (heading, field) of
    ``chosen`` ("" for a column not imported, ``RECORD_ID`` for the id column)."""
    document = _document(text)
    before: Mapping[str, Any] = document.get("columns") or {}
    kept = {lookup_key(str(heading)): spec for heading, spec in before.items()}
    columns: dict[str, Any] = {}
    document.pop("id", None)
    for heading, field in chosen:
        if field == RECORD_ID:
            document["id"] = heading
        elif field:
            spec = kept.get(lookup_key(heading))
            was = spec.get("field") if isinstance(spec, dict) else spec
            same = document.get("kind") == kind and canonical(kind, str(was)) == field
            columns[heading] = spec if same else field
    # A column the form did not show (past its first columns) keeps its rule.
    shown = {lookup_key(heading) for heading, _ in chosen}
    if document.get("kind") == kind:
        for heading, spec in before.items():
            if lookup_key(str(heading)) not in shown:
                columns[str(heading)] = spec
    document["kind"] = kind
    document["columns"] = columns
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)

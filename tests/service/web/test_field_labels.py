"""What an imported file's column may go to, as the mapping form names it: labels in
the user's language, never the profile's field names."""

from __future__ import annotations

import pytest

from amanat.intake.fields import importable_kinds
from amanat.intake.remapping import RECORD_ID, offered_fields
from amanat.service.web.field_labels import profile_field_label


@pytest.mark.parametrize(
    ("kind", "field", "lang", "label"),
    [
        ("person", "sex", "en", "Sex"),
        ("person", "name.family", "en", "Names — Family name"),
        ("person", "name2.full_name", "en", "Names (2) — Full name"),
        ("person", "citizenship.country", "ru", "Гражданство — Страна"),
        ("person", "birth_date", "en", "Date of birth"),
        ("victim", "control.means", "en", "Means of control"),  # not said twice
        ("victim", "name.given", "en", "Names — Given name"),  # sealed in the vault
        ("seizure", "drug.quantity_kg", "en", "Drugs seized — Quantity (kg)"),
        ("person", RECORD_ID, "en", "Your own record id (re-imports update the record)"),
        ("person", "plate", "en", "plate"),  # not a person's: shown as written
    ],
)
def test_labels(kind: str, field: str, lang: str, label: str) -> None:
    assert profile_field_label(kind, field, lang) == label


@pytest.mark.parametrize("kind", importable_kinds())
def test_every_field_a_column_may_go_to_has_a_label(kind: str) -> None:
    """No field name shows through (a field without a label here would)."""
    unnamed = [f for f in offered_fields(kind) if profile_field_label(kind, f, "en") == f]
    assert unnamed == []

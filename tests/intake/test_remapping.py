"""The import's mapping form on a profile: each column sent where a person chose,
what the profile said about a column kept while its field is unchanged."""

from __future__ import annotations

import pytest
import yaml

from amanat.intake.problems import IntakeError
from amanat.intake.profile import read_profile
from amanat.intake.remapping import (
    RECORD_ID,
    canonical,
    chosen_fields,
    offered_fields,
    remapped,
)

PROFILE = """kind: person
id: Номер
marking: {tlp: GREEN}
columns:
  Фамилия: name.family
  Пол: {field: sex, values: {муж.: male}}
  Страна: citizenship
"""
HEADINGS = ["Номер", "Фамилия", "Пол", "Страна", "Примечание"]


def test_the_profile_read_as_one_field_per_heading() -> None:
    chosen = chosen_fields(read_profile(PROFILE), HEADINGS)
    # A bare part is named by its main column, as the drop-down offers it.
    assert chosen == [RECORD_ID, "name.family", "sex", "citizenship.country", ""]


def test_a_field_kept_keeps_its_rules_and_a_field_changed_starts_plain() -> None:
    chosen = [
        ("Номер", RECORD_ID),
        ("Фамилия", "name.given"),
        ("Пол", "sex"),
        ("Страна", "citizenship.country"),
        ("Примечание", "notes"),
    ]
    document = yaml.safe_load(remapped(PROFILE, "person", chosen))
    assert document["id"] == "Номер" and document["marking"] == {"tlp": "GREEN"}
    assert document["columns"] == {
        "Фамилия": "name.given",
        "Пол": {"field": "sex", "values": {"муж.": "male"}},
        "Страна": "citizenship",
        "Примечание": "notes",
    }
    read_profile(remapped(PROFILE, "person", chosen))  # and it is a profile


def test_a_column_left_out_and_no_id_column() -> None:
    chosen = [("Номер", ""), ("Фамилия", "name.family"), ("Пол", ""), ("Страна", "")]
    document = yaml.safe_load(remapped(PROFILE, "person", chosen))
    assert "id" not in document and list(document["columns"]) == ["Фамилия"]


def test_a_column_the_form_did_not_show_keeps_its_rule() -> None:
    document = yaml.safe_load(remapped(PROFILE, "person", [("Фамилия", "name.given")]))
    assert document["columns"]["Фамилия"] == "name.given"
    assert document["columns"]["Пол"] == {"field": "sex", "values": {"муж.": "male"}}


def test_another_kind_keeps_none_of_the_old_columns_rules() -> None:
    document = yaml.safe_load(remapped(PROFILE, "victim", [("Пол", "sex")]))
    assert document["kind"] == "victim" and document["columns"] == {"Пол": "sex"}


def test_an_empty_profile_is_started_and_several_sections_are_refused() -> None:
    assert yaml.safe_load(remapped("", "vehicle", [("Госномер", "plate")])) == {
        "amanat_profile": 1,
        "kind": "vehicle",
        "columns": {"Госномер": "plate"},
    }
    with pytest.raises(IntakeError):
        remapped("sections: [{kind: person, columns: {a: sex}}]", "person", [])


def test_what_a_column_may_go_to() -> None:
    offered = offered_fields("person", read_profile(PROFILE.replace("name.family", "name2.family")))
    assert offered[0] == RECORD_ID and "sex" in offered and "document.number" in offered
    assert "name2.family" in offered  # the profile's own second name, kept
    assert "org_id" not in offered and "version" not in offered  # set by the register
    assert "content_sha256" not in offered_fields("source")
    assert canonical("person", "citizenship") == "citizenship.country"
    assert canonical("victim", "citizenship") == "citizenship"  # a victim's own column

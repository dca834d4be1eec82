"""A drafted profile names the fields it recognised, and says what it guessed."""

from __future__ import annotations

from pathlib import Path

import yaml

from amanat.intake.profile import parse_profile
from amanat.intake.suggest import suggest_profile

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "intake"


def test_russian_headings_of_a_windows_1251_file() -> None:
    text = suggest_profile(EXAMPLES / "seizures-cp1251.csv")
    draft = yaml.safe_load(text)
    assert draft["kind"] == "seizure"
    assert draft["id"] == "№ изъятия"
    columns = draft["columns"]
    assert columns["Дата изъятия"]["field"] == "seized_on"
    assert columns["Вещество"]["field"] == "drug.substance"
    # "героин" is the label itself, known without help; "гашиш" starts a longer label.
    assert columns["Вещество"]["values"] == {"гашиш": "hashish"}
    assert columns["Вес, кг"]["field"] == "drug.quantity_kg"
    assert draft["numbers"] == {"decimal": ","}
    assert "guessed" in text
    parse_profile(draft)  # the draft is a valid profile as it stands


def test_english_headings_and_a_value_to_fill_in(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "ID,Surname,First name,Gender,Date of birth,Nationality\n"
        "1,Smith,John,M,1980-01-02,GB\n2,Doe,Jane,zz,1990-02-03,US\n",
        encoding="utf-8",
    )
    draft = yaml.safe_load(suggest_profile(path))
    assert draft["kind"] == "person"
    assert draft["id"] == "ID"
    assert draft["columns"]["Surname"]["field"] == "name.family"
    assert draft["columns"]["Date of birth"]["dates"] == ["yyyy-mm-dd"]
    assert draft["columns"]["Gender"]["values"]["zz"] is None  # for a person to fill in

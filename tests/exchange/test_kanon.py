"""k-anonymity: generalisation before suppression, only where a class is too small,
and an honest count of what was given up."""

from __future__ import annotations

from amanat.exchange.kanon import Hierarchy, Row, k_anonymise, smallest_class

MISSING = -99
SUBREGION = {"KG": "Central Asia", "KZ": "Central Asia", "UZ": "Central Asia", "RU": "E Europe"}
REGION = {"Central Asia": "Asia", "E Europe": "Europe"}


def _region(code: object) -> object:
    return REGION[SUBREGION[str(code)]]


HIERARCHIES: dict[str, Hierarchy] = {
    "country": [lambda code: SUBREGION[str(code)], _region, None],
    "sex": [None],
}


def _rows(*combinations: tuple[str, str, int]) -> list[Row]:
    return [
        {"country": country, "sex": sex, "id": i}
        for country, sex, n in combinations
        for i in range(n)
    ]


def test_a_country_generalised_to_its_region_is_enough() -> None:
    rows = _rows(("KZ", "F", 11), ("KG", "F", 6), ("UZ", "F", 5))
    result = k_anonymise(rows, HIERARCHIES, 11, MISSING)
    assert smallest_class(result.rows, ("country", "sex")) >= 11
    assert result.withheld == 0
    # Kazakhstan's class was big enough: it keeps its country.
    assert {r["country"] for r in result.rows} == {"KZ", "Central Asia"}
    loss = result.loss["country"]
    assert (loss.recorded, loss.kept, loss.generalised, loss.suppressed) == (22, 11, 11, 0)
    assert result.loss["sex"].kept == 22


def test_generalising_comes_before_suppressing() -> None:
    """Sex has as many distinct values as the countries here, and is listed after:
    yet the countries are generalised all the way up before sex is blanked."""
    rows = _rows(("KZ", "F", 11), ("RU", "M", 3), ("KG", "F", 2))
    result = k_anonymise(rows, HIERARCHIES, 5, MISSING)
    assert smallest_class(result.rows, ("country", "sex")) >= 5
    small = [r for r in result.rows if r["country"] != "KZ"]
    assert {(r["country"], r["sex"]) for r in small} == {(MISSING, MISSING)}
    assert result.loss["country"].suppressed == 5 and result.loss["sex"].suppressed == 5


def test_only_the_rows_of_small_classes_give_way() -> None:
    rows = _rows(("KZ", "F", 2), ("KG", "F", 2), ("UZ", "M", 4))
    result = k_anonymise(rows, HIERARCHIES, 4, MISSING)
    assert (
        sorted((r["country"], r["sex"]) for r in result.rows)
        == [("Central Asia", "F")] * 4 + [("UZ", "M")] * 4
    )
    assert result.withheld == 0 and result.loss["sex"].kept == 8


def test_rows_a_class_can_take_cheaply_are_merged_not_left_out() -> None:
    rows = _rows(("KZ", "F", 2), ("UZ", "F", 2), ("RU", "M", 1))
    for row in rows:
        row.update({f"flag{n}": 0 for n in range(10)})  # a row is worth its columns
    result = k_anonymise(rows, HIERARCHIES, 4, MISSING)
    assert result.withheld == 0 and smallest_class(result.rows, ("country", "sex")) >= 4
    assert {(r["country"], r["sex"]) for r in result.rows} == {(MISSING, MISSING)}


def test_a_row_no_class_can_take_is_left_out() -> None:
    lone = k_anonymise(_rows(("KZ", "F", 11), ("RU", "M", 1)), HIERARCHIES, 2, MISSING)
    assert lone.withheld == 1 and len(lone.rows) == 11
    assert lone.loss["country"].withheld == 1 and lone.loss["country"].kept == 11


def test_every_recorded_value_is_accounted_for() -> None:
    rows = _rows(("KZ", "F", 7), ("KG", "M", 3), ("UZ", "F", 1), ("RU", "F", 4))
    rows.append({"country": MISSING, "sex": "F", "id": 99})
    result = k_anonymise(rows, HIERARCHIES, 4, MISSING)
    for loss in result.loss.values():
        assert loss.recorded == loss.kept + loss.generalised + loss.suppressed + loss.withheld
    assert result.loss["country"].recorded == 15  # the missing one is not a value


def test_k_of_one_changes_nothing() -> None:
    rows = _rows(("KZ", "F", 1), ("KG", "M", 1))
    result = k_anonymise(rows, HIERARCHIES, 1, MISSING)
    assert result.rows == rows and result.loss["country"].kept == 2

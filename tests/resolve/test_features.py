"""The keys linkage compares, computed by the name layer; and bad input handled."""

from __future__ import annotations

from dataclasses import replace

import pytest

from amanat.names import phonetic_key
from amanat.resolve.features import (
    NO_NAME,
    SMALL_CASE,
    birth_date,
    documents,
    feature_table,
    name_features,
    phones,
)
from amanat.resolve.records import PersonRecord


def test_one_name_in_three_spellings_has_one_set_of_keys() -> None:
    cyrillic = name_features("Джуманбеков Ерлан")
    assert name_features("JUMANBEKOV ERLAN") == cyrillic
    assert name_features("Zhumanbekov Erlan") == cyrillic
    assert cyrillic.core_key == "ERLAN JUMANBEKAV" and cyrillic.gender == "male"


def test_core_key_ignores_the_patronymic_and_feminine_endings() -> None:
    full = name_features("Иванова Анна Петровна")
    assert full.core_key == name_features("Ivanov Anna").core_key  # base IVANAV
    assert full.name_key != name_features("Ivanov Anna").name_key
    assert full.patronymic == "PETR" and full.gender == "female"


@pytest.mark.parametrize(
    "noise",
    ["", " ", "X", "A.", "неизвестно", "N/A", "?? --- ??", "XXX", "Неизвестно Неизвестно", "12345"],
)
def test_noise_has_no_keys(noise: str) -> None:
    assert name_features(noise) == NO_NAME


def test_mixed_scripts_capitals_and_punctuation_are_read_as_the_name() -> None:
    clean = name_features("Джуманбеков Ерлан")
    assert name_features("ДЖУМAНБЕКОВ, Ерлан!!") == clean  # a Latin A inside a Cyrillic word


def test_fake_and_partial_birth_dates() -> None:
    assert birth_date(1900, 1, 1) == (None, None, None)
    assert birth_date(1970, 1, 1) == (None, None, None)
    assert birth_date(2999, 5, 5) == (None, None, None)
    assert birth_date(1985, 1, 1) == (1985, None, None)  # 1 January: the usual default
    assert birth_date(1985, 3, None) == (1985, 3, None)
    assert birth_date(None, 3, 4) == (None, None, None)


def test_documents_and_phones_are_normalised() -> None:
    numbers, kinds = documents((("international_passport", "n 1234 5678"), ("visa", "000000")))
    assert numbers == ["N12345678"] and kinds == ["international_passport"]
    written = PersonRecord(1, "", phones=("+7 (701) 555-12-34", "8 701 5551234"), written_in="KZ")
    assert phones(written) == ["+77015551234"]
    assert phones(PersonRecord(2, "", phones=("000-00-00", "12"), written_in="KZ")) == []


def test_phones_are_read_where_they_were_written() -> None:
    """Regression: the last nine digits made +7 701 … (Kazakhstan) and +7 901 …
    (Russia) one phone, and a Kyrgyz record's 0555 … a Kazakh 8 555 …"""
    kazakh = PersonRecord(1, "", phones=("+7 701 234 56 78",))
    russian = PersonRecord(2, "", phones=("+7 901 234 56 78",))
    assert phones(kazakh) == ["+77012345678"] and phones(russian) == ["+79012345678"]
    local = ("90 123 45 67",)
    assert phones(PersonRecord(3, "", phones=local, written_in="UZ")) == ["+998901234567"]
    assert phones(PersonRecord(4, "", phones=local, written_in="TJ")) == ["+992901234567"]
    # written in Kyrgyzstan in Kazakh national form, for a Kazakh citizen: a Kazakh phone
    citizen = PersonRecord(5, "", citizenships=("KZ",), phones=("8 701 234 56 78",))
    assert phones(replace(citizen, written_in="KG")) == ["+77012345678"]
    assert phones(replace(citizen, written_in="KG", citizenships=())) == []


def test_the_feature_table_has_one_row_per_record() -> None:
    table = feature_table(
        [PersonRecord(1, "Джуманбеков Ерлан", "male", 1985, 3, 14), PersonRecord(2, "", None)]
    )
    rows = table.to_pylist()
    assert [r["unique_id"] for r in rows] == [1, 2]
    assert rows[0]["birth_date"] == "1985-03-14"
    assert rows[1]["name_key"] is None and rows[1]["full_name"] is None


def test_name_layer_extensions_for_linkage() -> None:
    # ё written е after a consonant, as Russian records do (Фёдор / Федор / Fyodor)
    assert phonetic_key("Фёдор") == phonetic_key("Федор") == phonetic_key("Fyodor")
    assert phonetic_key("Латифиён") == phonetic_key("Латифиен") == phonetic_key("Latifiyon")
    assert phonetic_key("Ёқубов") == phonetic_key("Yakubov") != phonetic_key("Экубов")
    # the BGN/PCGN middle dot inside a word
    assert phonetic_key("Bau·yrzhanqyzy") == phonetic_key("Бауыржанқызы")


def test_initials_leave_out_the_patronymic_and_agree_across_scripts() -> None:
    assert name_features("Хўжаев А.").initials == name_features("Xojayev Aziz").initials == "AH"
    assert name_features("Нурматов Тилек Канатович").initials == "NT"
    assert name_features("Nurmativ T.").initials == "NT"


def test_context_columns_small_cases_apart_and_nulls_when_absent() -> None:
    record = PersonRecord(
        1, "Асанов Марат", "male", 1988, None, None, org_id=3,
        cases=((10, 3), (11, SMALL_CASE + 1)), places=(7, 9),
    )  # fmt: skip
    rows = feature_table([record, PersonRecord(2, "Асанов Марат")]).to_pylist()
    assert rows[0]["cases"] == [10, 11] and rows[0]["small_cases"] == [10]
    assert rows[0]["places"] == [7, 9] and rows[0]["organisation"] == 3
    assert rows[0]["birth_year_alone"] == 1988  # the month unknown: blocked on the year alone
    assert all(rows[1][c] is None for c in ("cases", "small_cases", "places", "organisation"))

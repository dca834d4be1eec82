"""Phone numbers as agencies write them read as the one phone each means, by the
numbering plan of the country where they were written."""

from __future__ import annotations

import pytest

from amanat.names.phones import phone_key


@pytest.mark.parametrize(
    ("written", "country", "key"),
    [
        # +7 is shared: the number's range says Kazakhstan (7xx) or Russia (9xx)
        ("+7 701 234 56 78", None, "+77012345678"),
        ("+7 901 234 56 78", None, "+79012345678"),
        ("8 701 234 56 78", "KZ", "+77012345678"),  # the trunk prefix 8
        ("8 (701) 234-56-78", "KZ", "+77012345678"),
        ("8-901-234-56-78", "KZ", "+79012345678"),  # a Russian number written in Kazakhstan
        ("77012345678", "KZ", "+77012345678"),
        ("+7 (701) 234-56-78 доб. 12", None, "+77012345678"),  # an extension is no phone
        # Uzbekistan (+998) and Tajikistan (+992) both have mobile numbers 90 …
        ("+998 90 123-45-67", None, "+998901234567"),
        ("+992 90 123 45 67", None, "+992901234567"),
        ("90 123 45 67", "UZ", "+998901234567"),
        ("(90) 123-45-67", "UZ", "+998901234567"),
        ("90 123 45 67", "TJ", "+992901234567"),
        ("0555 123 456", "KG", "+996555123456"),  # Kyrgyzstan's trunk prefix 0
        # international prefixes: the ITU's 00, and 8 10 dialled from Kazakhstan
        ("00 998 90 123 45 67", None, "+998901234567"),
        ("8 10 998 90 123 45 67", "KZ", "+998901234567"),
        # a country code without its "+": eleven digits or more are no national number
        ("998901234567", "KZ", "+998901234567"),
        ("7 701 234 56 78", "KG", "+77012345678"),
    ],
)
def test_numbers_become_e164(written: str, country: str | None, key: str) -> None:
    assert phone_key(written, (country,)) == key


@pytest.mark.parametrize(
    ("written", "country"),
    [
        ("0 90 123 45 67", "UZ"),  # Uzbekistan has no trunk prefix (libphonenumber's plan)
        ("8 701 234 56 78", "UZ"),  # a Kazakh national form means nothing in Uzbekistan
        ("90 123 45 67", None),  # local, and nobody knows where
        ("+7 000 000 00 00", None),
        ("000-00-00", "KZ"),
        ("12-34", "KZ"),
        ("нет", "KZ"),
        ("", "KZ"),
        ("+8 701 234 56 78", None),  # no such country code
    ],
)
def test_invalid_numbers_have_no_key(written: str, country: str | None) -> None:
    assert phone_key(written, (country,)) is None


def test_the_first_country_written_in_that_makes_it_valid_decides() -> None:
    # a phone given as Kazakh, recorded by a Kyrgyz agency: Kazakh
    assert phone_key("8 701 234 56 78", ("KZ", "KG")) == "+77012345678"
    # given as Kazakh but written in Kyrgyz national form: valid only in Kyrgyzstan
    assert phone_key("0555 123 456", ("KZ", "KG")) == "+996555123456"
    # the country written in wins over any citizenship
    assert phone_key("90 123 45 67", ("UZ",), ("TJ",)) == "+998901234567"


def test_citizenships_are_read_only_when_they_agree() -> None:
    # invalid where it was written (Kazakhstan), valid in the holder's one country
    assert phone_key("90 123 45 67", ("KZ",), ("UZ",)) == "+998901234567"
    # an Uzbek and Tajik citizen: two phones are possible, so neither is a key
    assert phone_key("90 123 45 67", ("KZ",), ("TJ", "UZ")) is None
    # two citizenships that read the number alike agree
    assert phone_key("8 701 234 56 78", ("KG",), ("KZ", "RU")) == "+77012345678"

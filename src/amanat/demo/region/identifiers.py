"""Synthetic identifiers in each country's format: phone numbers, number plates,
passport numbers, IMEIs, VINs and weapon serial numbers.

The same identifier is often written differently by different agencies (a Russian
plate with Latin look-alike letters, a phone number with or without the country
code), which is what resolution has to see through.
"""

from __future__ import annotations

import random

DIGITS = "0123456789"

# Country calling code and mobile prefixes (after the country code).
PHONE_PLANS: dict[str, tuple[str, tuple[str, ...]]] = {
    "KZ": ("7", ("700", "701", "702", "705", "707", "708", "747", "771", "775", "777", "778")),
    "RU": ("7", ("903", "905", "909", "915", "916", "925", "926", "962", "964", "977", "999")),
    "KG": ("996", ("500", "550", "555", "700", "705", "707", "770", "772", "777", "220")),
    "UZ": ("998", ("90", "91", "93", "94", "95", "97", "98", "99", "33", "88")),
    "TJ": ("992", ("90", "91", "92", "93", "98", "50", "55", "88")),
    "TM": ("993", ("61", "62", "63", "64", "65", "71")),
    "TR": ("90", ("530", "532", "533", "535", "541", "542", "544", "505", "507", "555")),
    "AE": ("971", ("50", "52", "54", "55", "56", "58")),
    "AF": ("93", ("70", "71", "72", "73", "74", "77", "78", "79")),
}
# Subscriber digits after the prefix, so every number has its country's length.
_SUBSCRIBER = {"KZ": 7, "RU": 7, "KG": 6, "UZ": 7, "TJ": 7, "TM": 6, "TR": 7, "AE": 7, "AF": 7}

RU_PLATE_LETTERS = "АВЕКМНОРСТУХ"
# The Latin letters that look like the Cyrillic ones Russian plates use.
LOOKALIKE = str.maketrans("АВЕКМНОРСТУХ", "ABEKMHOPCTYX")
LATIN = "ABCDEFGHJKLMNPRSTUVWXYZ"
VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
SERIAL_LETTERS = "АБВГДЕЖИКЛМНПРСТУФХЦШЭЮЯ"
# Transliteration of serial-number letters, as a Latin-script clerk types them.
SERIAL_LATIN = str.maketrans(
    {
        "А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Е": "E", "Ж": "ZH", "И": "I",
        "К": "K", "Л": "L", "М": "M", "Н": "N", "П": "P", "Р": "R", "С": "S", "Т": "T",
        "У": "U", "Ф": "F", "Х": "KH", "Ц": "TS", "Ш": "SH", "Э": "E", "Ю": "YU", "Я": "YA",
    }
)  # fmt: skip


def _digits(rng: random.Random, n: int) -> str:
    """``n`` random digits; one draw gives up to 15 (a double has 53 bits)."""
    if n > 15:
        return _digits(rng, 15) + _digits(rng, n - 15)
    return f"{int(rng.random() * 10**n):0{n}d}"


def _letters(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(alphabet[int(rng.random() * len(alphabet))] for _ in range(n))


def phone_number(rng: random.Random, country: str) -> str:
    """A mobile number in E.164 form (+77011234567)."""
    code, prefixes = PHONE_PLANS.get(country, PHONE_PLANS["KZ"])
    prefix = prefixes[int(rng.random() * len(prefixes))]
    return f"+{code}{prefix}{_digits(rng, _SUBSCRIBER.get(country, 7))}"


def written_phone(rng: random.Random, e164: str) -> str:
    """``e164`` as an agency writes it: international, national trunk form, or spaced."""
    roll = rng.random()
    if roll < 0.5:
        return e164
    if e164.startswith("+7") and roll < 0.75:
        return "8" + e164[2:]  # the Russian and Kazakh national form
    if roll < 0.9:
        rest = e164[-7:]
        return f"{e164[:-7]} {rest[:3]}-{rest[3:5]}-{rest[5:]}"
    return e164[1:]


def imei(rng: random.Random) -> str:
    """A 15-digit IMEI with a valid Luhn check digit."""
    body = "35" + _digits(rng, 12)
    total = 0
    for index, char in enumerate(body):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            value = value - 9 if value > 9 else value
        total += value
    return body + str((10 - total % 10) % 10)


KZ_REGIONS = ("01", "02", "03", "05", "07", "09", "10", "12", "13", "14", "15", "17")
RU_REGIONS = ("77", "97", "177", "777", "50", "150", "56", "66", "74", "54", "72", "16")
KG_REGIONS = ("01", "02", "03", "04", "05", "06", "07", "08", "09")
UZ_REGIONS = ("01", "10", "20", "25", "30", "40", "50", "60", "70", "75", "80", "90", "95")
TR_PROVINCES = ("34", "07", "06", "35", "16", "61", "48")
TM_REGIONS = ("AG", "AH", "BN", "DZ", "LB", "MR")
# Where a plate is split into groups when written with spaces (123 ABC 02, А123ВС 77).
PLATE_GROUPS = {"KZ": (3, 6), "KG": (4, 7), "UZ": (2, 3, 6), "RU": (6,), "TJ": (4, 6),
                "TM": (2, 6), "TR": (2, 5)}  # fmt: skip


def plate(rng: random.Random, country: str) -> str:
    """A number plate in the country's usual format (written without spaces)."""
    if country == "KZ":
        return f"{_digits(rng, 3)}{_letters(rng, LATIN, 3)}{_pick(rng, KZ_REGIONS)}"
    if country == "RU":
        letters = _letters(rng, RU_PLATE_LETTERS, 3)
        return f"{letters[0]}{_digits(rng, 3)}{letters[1:]}{_pick(rng, RU_REGIONS)}"
    if country == "KG":
        return f"{_pick(rng, KG_REGIONS)}KG{_digits(rng, 3)}{_letters(rng, LATIN, 3)}"
    if country == "UZ":
        region, series = _pick(rng, UZ_REGIONS), _letters(rng, LATIN, 1)
        return f"{region}{series}{_digits(rng, 3)}{_letters(rng, LATIN, 2)}"
    if country == "TJ":
        return f"{_digits(rng, 4)}{_letters(rng, LATIN, 2)}0{1 + int(rng.random() * 5)}"
    if country == "TM":
        return f"{_letters(rng, LATIN, 2)}{_digits(rng, 4)}{_pick(rng, TM_REGIONS)}"
    if country == "TR":
        return f"{_pick(rng, TR_PROVINCES)}{_letters(rng, LATIN, 3)}{_digits(rng, 3)}"
    return f"{_letters(rng, LATIN, 1)}{_digits(rng, 5)}"


def written_plate(rng: random.Random, plate_: str, country: str) -> str:
    """A plate as another agency writes it: Latin look-alikes, spaces, or a misread digit."""
    roll = rng.random()
    if roll < 0.3:
        return plate_.translate(LOOKALIKE)
    if roll < 0.45:
        cuts = PLATE_GROUPS.get(country, ())
        parts = [plate_[a:b] for a, b in zip((0, *cuts), (*cuts, len(plate_)), strict=True)]
        return " ".join(parts)
    if roll < 0.5:
        index = int(rng.random() * len(plate_))
        if plate_[index].isdigit():
            return plate_[:index] + DIGITS[int(rng.random() * 10)] + plate_[index + 1 :]
    return plate_


def vin(rng: random.Random, prefix: str) -> str:
    return prefix + _letters(rng, VIN_CHARS, 17 - len(prefix))


def document_number(rng: random.Random, country: str, doc_type: str) -> str:
    """A passport, ID card or migration document number in a plausible format."""
    if doc_type == "migration_card":
        return f"{_digits(rng, 4)} {_digits(rng, 7)}"
    if doc_type == "work_permit":
        return f"{_digits(rng, 2)} {_digits(rng, 10)}"
    if country == "KZ":
        return ("N" + _digits(rng, 8)) if doc_type == "international_passport" else _digits(rng, 9)
    if country == "KG":
        return ("AC" if doc_type == "international_passport" else "ID") + _digits(rng, 7)
    if country == "UZ":
        return _pick(rng, ("AA", "AB", "AC", "AD", "FA")) + _digits(rng, 7)
    if country == "TJ":
        return "40" + _digits(rng, 7)
    if country == "TM":
        return "A" + _digits(rng, 7)
    if country == "RU":
        if doc_type == "international_passport":
            return f"{_digits(rng, 2)} {_digits(rng, 7)}"
        return f"{_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 6)}"
    if country == "TR":
        return "U" + _digits(rng, 8)
    return "P" + _digits(rng, 7)


def serial_number(rng: random.Random, style: str, made: int) -> str | None:
    """A weapon's serial number in the style of its factory (Cyrillic letters where used)."""
    if style == "letters2":
        return f"{_letters(rng, SERIAL_LETTERS, 2)} {_digits(rng, 4)}"
    if style == "yearletters":
        return f"{made} {_letters(rng, SERIAL_LETTERS, 2)} {_digits(rng, 3)}"
    if style == "digits6":
        return _digits(rng, 6)
    if style == "digits7":
        return _digits(rng, 7)
    return None


def written_serial(rng: random.Random, serial: str) -> str:
    """A serial number as another agency records it: transliterated or without spaces."""
    roll = rng.random()
    if roll < 0.25:
        return serial.translate(SERIAL_LATIN)
    if roll < 0.4:
        return serial.replace(" ", "")
    return serial


def _pick(rng: random.Random, options: tuple[str, ...]) -> str:
    return options[int(rng.random() * len(options))]

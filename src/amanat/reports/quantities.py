"""Quantities a report states: masses of drugs (kg, g, tonnes), numbers of people,
victims and weapons, prison terms (years).  Numbers may be written in words
("троих", "thirty"), and "about 30" counts as 30."""

from __future__ import annotations

import re

from amanat.reports.candidates import Quantity

NUMBER_WORDS = {
    "один": 1,
    "одного": 1,
    "два": 2,
    "двое": 2,
    "двух": 2,
    "двоих": 2,
    "три": 3,
    "трое": 3,
    "троих": 3,
    "трех": 3,
    "трёх": 3,
    "четыре": 4,
    "четверо": 4,
    "четверых": 4,
    "пять": 5,
    "пятеро": 5,
    "пяти": 5,
    "шесть": 6,
    "шестеро": 6,
    "семь": 7,
    "восемь": 8,
    "девять": 9,
    "десять": 10,
    "двадцать": 20,
    "двадцати": 20,
    "тридцать": 30,
    "тридцати": 30,
    "сорок": 40,
    "пятьдесят": 50,
    "сто": 100,
    "оба": 2,
    "обоих": 2,
    "обе": 2,
    "двоим": 2,
    "троим": 3,
    "трём": 3,
    "четырёх": 4,
    "четырех": 4,
    "пятерых": 5,
    "пятерым": 5,
    "шести": 6,
    "шестерых": 6,
    "семерых": 7,
    "семи": 7,
    "восьми": 8,
    "девяти": 9,
    "десяти": 10,
    "both": 2,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    # Kazakh ("он", ten, is left out: in Russian it is "he").
    "бір": 1,
    "екі": 2,
    "үш": 3,
    "төрт": 4,
    "бес": 5,
    "жиырма": 20,
    "отыз": 30,
}
# A number in figures or a word; what follows it says what it counts (the tails below,
# matched right after each number: one pass over the words, not a search per pattern).
NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?![\d.,])|\d+(?:[.,]\d+)?|[^\W\d_]+")
# "1,250 kg" is a thousand and more; "2,1 тонны" is two and a tenth.
THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")

KILOGRAMS = {
    "т": 1000.0,
    "тонн": 1000.0,
    "tonne": 1000.0,
    "ton": 1000.0,
    "кг": 1.0,
    "килограмм": 1.0,
    "kg": 1.0,
    "kilogram": 1.0,
    "г": 0.001,
    "грамм": 0.001,
    "g": 0.001,
    "gram": 0.001,
}
MASS = re.compile(
    r"\s*(?P<u>тонн\w*|т\.?(?=\s)|tonnes?|tons?|кг|килограмм\w*|kg|kilograms?|"
    r"грамм\w*|г(?=\.?\s)|grams?|g\b)",
    re.IGNORECASE,
)
COUNTED = (
    ("victims", r"жертв\w*|потерпевш\w*|victims?|survivors?"),
    (
        "weapons",
        r"(?:единиц\w*\s+)?(?:огнестрельного\s+)?оружия|пистолет\w*|автомат\w*|"
        r"ружь\w*|винтов\w*|гранат\w*|(?:fire)?arms|weapons?|firearms?|pistols?|rifles?|guns?|"
        r"grenades?",
    ),
    (
        "people",
        r"человек|людей|граждан\w*|мигрант\w*|мужчин\w*|женщин\w*|детей|девуш\w*|жител\w*|"
        r"участник\w*|фигурант\w*|сообщник\w*|подозреваем\w*|"
        r"people|persons|men|women|migrants?|workers|children|girls|residents|suspects|"
        r"defendants|drivers|employees|nationals|адам\w*",
    ),
)
COUNT = re.compile(
    rf"\s+(?:\w+\s+)?(?P<what>{'|'.join(f'(?P<{k}>{p})' for k, p in COUNTED)})\b",
    re.IGNORECASE,
)
# A list of terms ("к 9, 7 и 5 годам", "to 12 and 9 years"): each number is a term.
TERM_LIST = re.compile(r"(?:\s*(?:,|и|and|or|или)\s*\d+)+\s+(?:лет|год\w*|years?)\b", re.IGNORECASE)
TERM_AFTER_TO = re.compile(r"\s+(?:лет|год\w*|years?)\b", re.IGNORECASE)
TO_BEFORE = re.compile(r"(?:\bк|\bto|\bна|\bпо)\s+$", re.IGNORECASE)
PRISON = re.compile(
    r"\s+(?:лет|год\w*|years?)\s+(?:и\s+\w+\s+месяц\w*\s+)?"
    r"(?:лишения\s+свободы|колонии|заключения|тюрьм\w*|in\s+prison|of\s+imprisonment|"
    r"imprisonment|in\s+jail|behind\s+bars)",
    re.IGNORECASE,
)
SUBSTANCES = {
    "heroin": r"героин\w*|heroin",
    "opium": r"опи[йяюе]\w*|opium",
    "hashish": r"гашиш\w*|hashish",
    "cannabis_herb": r"марихуан\w*|каннабис\w*|marijuana|cannabis",
    "cocaine": r"кокаин\w*|cocaine",
    "methamphetamine": r"метамфетамин\w*|methamphetamine",
    "mephedrone": r"мефедрон\w*|mephedrone",
}
SUBSTANCE = re.compile(
    "|".join(f"(?P<{code}>{pattern})" for code, pattern in SUBSTANCES.items()), re.IGNORECASE
)


def number(word: str) -> float:
    word = word.casefold()
    if word in NUMBER_WORDS:
        return float(NUMBER_WORDS[word])
    if THOUSANDS.fullmatch(word):
        return float(word.replace(",", ""))
    return float(word.replace(",", "."))


def substance_in(text: str) -> str | None:
    match = SUBSTANCE.search(text)
    return match.lastgroup if match else None


def _numbers(text: str) -> list[tuple[int, int, float]]:
    found = []
    for match in NUMBER.finditer(text):
        word = match.group(0)
        if word[0].isdigit() or word.casefold() in NUMBER_WORDS:
            found.append((match.start(), match.end(), number(word)))
    return found


def _a_term(text: str, start: int, end: int) -> bool:
    """A number in a list of terms, or "к 7 годам" / "to 9 years" after a penalty's "к"."""
    before = text[max(0, start - 40) : start]
    if TERM_LIST.match(text, end) and TO_BEFORE.search(before):
        return True
    listed = re.search(r"(?:\bк|\bto)\s+(?:\d+\s*(?:,|и|and)\s*)+$", before, re.IGNORECASE)
    if listed is not None:
        return TERM_AFTER_TO.match(text, end) is not None or TERM_LIST.match(text, end) is not None
    return TO_BEFORE.search(before) is not None and TERM_AFTER_TO.match(text, end) is not None


def find_quantities(text: str) -> list[Quantity]:
    found = []
    for start, end, value in _numbers(text):
        mass = MASS.match(text, end)
        if mass is not None:
            unit = mass.group("u").casefold().rstrip(".")
            factor = next(
                f for u, f in KILOGRAMS.items() if unit == u or (unit.startswith(u) and len(u) > 2)
            )
            after = text[mass.end() : mass.end() + 60]
            before = text[max(0, start - 60) : start]
            substance = substance_in(after) or substance_in(before)
            found.append(Quantity("mass_kg", value * factor, start, mass.end(), substance))
            continue
        prison = PRISON.match(text, end)
        if prison is not None:
            found.append(Quantity("prison_years", value, start, prison.end()))
            continue
        if _a_term(text, start, end):
            found.append(Quantity("prison_years", value, start, end))
            continue
        count = COUNT.match(text, end)
        if count is not None:
            kind = next(k for k, _ in COUNTED if count.group(k))
            found.append(Quantity(kind, value, start, count.end()))
    return found

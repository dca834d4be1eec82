"""How family names and patronymics are formed, country by country.

Surnames of the Soviet type add -ов/-ев (sometimes -ин) to an ancestor's name and agree with
sex (-ова, -ева, -ина). Kazakh -ұлы/-қызы, Kyrgyz уулу/кызы and Uzbek ўғли/қизи name the
father and so change every generation; Tajik -зода, -ӣ and -ён forms do not change by sex.
"""

from __future__ import annotations

from functools import cache

from amanat.demo.population.alphabets import VOWELS, russify
from amanat.demo.population.namebook import namebook

_HUSHING = frozenset("жшчщц")


def soviet_surname(root: str, origin: str) -> str:
    """The masculine -ов/-ев/-ин family name built on an ancestor's name ``root``."""
    if namebook(origin).family_form == "full":
        return root  # Russian, Turkish and Afghan books list whole family names
    last = root[-1]
    if last == "й":  # Турсунбай → Турсунбаев, Ўринбой → Ўринбоев
        return root[:-1] + "ев"
    if last in "ӣі":  # Алӣ → Алиев, Әлі → Әлиев
        return root[:-1] + "иев"
    if last == "ы":  # Kyrgyz Курманалы → Курманалиев; Turkmen Берды → Бердыев
        return root[:-1] + ("иев" if origin == "KG" else "ыев")
    if last == "а" and origin in ("KZ", "KG") and _alternate(root):
        return root[:-1] + "ин"  # Мұса → Мұсин, as common as Мұсаев
    if last in VOWELS or last in _HUSHING or last == "ь":
        return root.removesuffix("ь") + "ев"
    return root + "ов"


def _alternate(root: str) -> bool:
    # A fixed choice per root (never hash(): it is salted per process), so one family keeps
    # one form and every run of the generator agrees.
    return sum(map(ord, root)) % 2 == 0


def feminine_surname(masculine: str) -> str:
    """The feminine form of a masculine family name; forms that do not agree stay as they are."""
    if masculine.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return masculine + "а"
    if masculine.endswith(("ский", "цкий")):
        return masculine[:-2] + "ая"
    return masculine


def family_for(masculine: str, sex: str) -> str:
    return masculine if sex == "male" else feminine_surname(masculine)


@cache
def russian_patronymic(father_given: str, sex: str) -> str:
    """-ович/-овна, -евич/-евна from the father's given name in Russian letters."""
    father = russify(father_given)
    exceptions = namebook("RU").patronymic_exceptions
    if father in exceptions:
        return exceptions[father][0 if sex == "male" else 1]
    male, female = "ович", "овна"
    stem = father
    if father.endswith("ий"):  # Василий → Васильевич
        stem, male, female = father[:-2] + "ь", "евич", "евна"
    elif father[-1] in "йь":  # Сергей → Сергеевич, Турсунбай → Турсунбаевич, Игорь → Игоревич
        stem, male, female = father[:-1], "евич", "евна"
    elif father[-1] in VOWELS or father[-1] in _HUSHING:  # Муса → Мусаевич, Эргаш → Эргашевич
        male, female = "евич", "евна"
    return stem + (male if sex == "male" else female)


def kazakh_patronymic(father_given: str, sex: str) -> str:
    """Серікұлы / Серікқызы, written as one word."""
    return father_given + ("ұлы" if sex == "male" else "қызы")


def particle(origin: str, sex: str) -> str:
    """The separate word 'son of' / 'daughter of' after the father's name."""
    if origin == "UZ":
        return "ўғли" if sex == "male" else "қизи"
    return "уулу" if sex == "male" else "кызы"


def tajik_surname(root: str, form: str) -> str:
    """Tajik family names of the post-2007 forms; they do not agree with sex."""
    if form == "zoda":  # Раҳим → Раҳимзода
        return root + "зода"
    if form == "i":  # Раҳим → Раҳимӣ
        return root + "ӣ" if root[-1] not in VOWELS else root + "зода"
    if form == "yon":  # Мирзо → Мирзоён, Раҳим → Раҳимиён, Алӣ → Алиён
        root = root[:-1] + "и" if root.endswith("ӣ") else root
        return root + ("ён" if root[-1] in VOWELS else "иён")
    return root  # "root": the bare ancestor's name, Раҳмон

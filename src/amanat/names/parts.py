"""The parts of a name, the role of each, and the gender its endings show.

Central Asian records write one person as "Family Given Patronymic" (Жумабеков Ерлан
Серикович), "Given Family" (Erlan Zhumabekov), with a Turkic patronymic instead of a family
name (Бакыт Асан уулу, Ерлан Серікұлы, Rustam Bahodir o'g'li) or with a Tajik -zoda family
name.  Generic name parsers know Western orders and titles, not these; the suffix lists here
are the region's own.  Suffixes are read on the phonetic key, so one list serves every script
and spelling (-ов, -ov, -ova → AV, AVA; -ұлы, -uly → ULI).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from amanat.names.normalise import normalise
from amanat.names.phonetic import phonetic_key
from amanat.names.placeholder import is_placeholder_word


class Role(StrEnum):
    FAMILY = "family name"
    GIVEN = "given name"
    PATRONYMIC = "patronymic"
    NAME = "name"  # a part whose role the spelling does not show
    INITIAL = "initial"


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class NamePart:
    """One part of a name as written (normalised, first letter upper case), with its keys.

    ``key`` is the phonetic key; ``base`` the key with a feminine family ending made
    masculine (IVANAVA → IVANAV), for matching Ivanov with Ivanova before their genders are
    compared; ``stem`` the key without its family or patronymic ending (ASANAV, ASANAVICH,
    ASAN ULU → ASAN), the father's or an ancestor's name.
    """

    text: str
    key: str
    base: str
    stem: str
    role: Role
    gender: Gender


# Separate words after the father's name: Kyrgyz уулу/кызы, Uzbek o'g'li/qizi, Kazakh ұлы/қызы.
# French (MVD 310) writes уулу as ououlou.
_PARTICLES = {"ULU": Gender.MALE, "ULI": Gender.MALE, "UGLI": Gender.MALE, "AGLI": Gender.MALE,
              "AGLU": Gender.MALE, "AUAULAU": Gender.MALE, "KIZI": Gender.FEMALE}  # fmt: skip
# Patronymic endings on the key: (ending, gender); the stem is the father's name.
_PATRONYMIC = (("AVICH", Gender.MALE), ("EVICH", Gender.MALE), ("ICH", Gender.MALE),
               ("AVNA", Gender.FEMALE), ("EVNA", Gender.FEMALE), ("ICHNA", Gender.FEMALE),
               ("ULI", Gender.MALE), ("KIZI", Gender.FEMALE),
               # Kyrgyz уулу and Uzbek ўғли written onto the father's name (Таалайуулу,
               # Melis-uulu, Хасанугли)
               ("ULU", Gender.MALE), ("UGLI", Gender.MALE))  # fmt: skip
# The key folds a letter doubled where the father's name meets ұлы/қызы (Серік+қызы →
# SERIKIZI), so the stem of these is keyed from the word itself.
_TURKIC = re.compile(
    "(?:ұлы|улы|uly|uli|ули|қызы|кызы|kyzy|qyzy|qizi|kizi|қизи|кизи|уулу|uulu|угли|ugli|ўғли"
    "|o'g'li|ogli)$"
)
# Family name endings on the key: (ending, gender, masculine form of the ending).
_FAMILY = (("AVA", Gender.FEMALE, "AV"), ("EVA", Gender.FEMALE, "EV"), ("AV", Gender.MALE, ""),
           ("EV", Gender.MALE, ""), ("SKA", Gender.FEMALE, "SKI"), ("SKI", Gender.MALE, ""),
           ("ENKA", Gender.UNKNOWN, ""), ("ZADA", Gender.UNKNOWN, ""))  # fmt: skip
# Endings that show gender but not the role (Эркин, Мадина, Pushkin, Pushkina).
_GENDER_ONLY = (("INA", Gender.FEMALE), ("IN", Gender.MALE))
_MIN_STEM = 3  # "Lev" is not Л + -ев
_VOWEL = re.compile("[AEIOU]")


def _base_letters(word: str) -> str:
    """Each letter without its marks, one for one (Abayūly, Ajbekķyzy: ūly, ķyzy are the
    ұлы and қызы of the Turkic endings), so that positions stay those of ``word``."""
    if word.isascii():
        return word
    return "".join(unicodedata.normalize("NFD", c)[0] for c in word)


def _ending(key: str, ending: str) -> bool:
    return key.endswith(ending) and len(key) - len(ending) >= _MIN_STEM


@lru_cache(maxsize=262144)
def _classify(word: str, key: str) -> tuple[Role, Gender, str, str]:
    """(role, gender, base, stem) of a single word from its key.

    Cached: a million records hold a few thousand distinct words, and linkage classifies
    every word of every record.
    """
    if len(word) < 2 or (len(key) <= 3 and not _VOWEL.search(key)):  # Е., Sh., Dzh.
        return Role.INITIAL, Gender.UNKNOWN, key, key
    for ending, gender in _PATRONYMIC:
        if _ending(key, ending) and not key.endswith("GULI"):  # Oygul(i): a woman's name
            joined = _TURKIC.search(word) or _TURKIC.search(_base_letters(word))
            stem = phonetic_key(word[: joined.start()]) if joined else key[: -len(ending)]
            return Role.PATRONYMIC, gender, key, stem
    if not key.endswith("SLAV"):  # Yaroslav, Stanislav are given names
        for ending, gender, masculine in _FAMILY:
            if _ending(key, ending):
                base = key[: -len(ending)] + (masculine or ending)
                stem = key[: -len(ending)]
                return Role.FAMILY, gender, base, stem
    for ending, gender in _GENDER_ONLY:
        if _ending(key, ending):
            return Role.NAME, gender, key.removesuffix("A"), key
    return Role.NAME, Gender.UNKNOWN, key, key


# Words that open a two-word given name (Abdul Rahim, Gul Ahmad, Nur Muhammad): the word
# after them is part of the given name, not the father's.  ABDAUL is French Abdoul.
_COMPOUND_OPENERS = frozenset(
    {"ABDUL", "ABDAUL", "ABDU", "GUL", "NUR", "MIR", "SAID", "SAED", "SEID"}
)


def _father_named_bare(roles: list[Role], keys: list[str]) -> bool:
    """Whether the third word is the father's name: Family Given Father.

    Tajikistan's civil registry writes the father's name without -ович/-овна (Файзуллозода
    Хуршед Фирдавс, Хакимзода Заррина Шохин), and so do Uzbek and Tajik records written from
    it, while other agencies write Фирдавсович for the same man: without this the third
    word made the two names look like different people.
    """
    return (
        len(roles) == 3
        and roles[0] is Role.FAMILY
        and roles[1] is Role.NAME
        and roles[2] is Role.NAME
        and keys[1] not in _COMPOUND_OPENERS
    )


def _given_roles(roles: list[Role]) -> list[Role]:
    """Name parts beside a family name, or the one beside a patronymic, are given names.

    With a patronymic and several unmarked parts, the one before the patronymic is the
    given name (Ким Ерлан Серикович: Ким may be an unsuffixed family name).
    """
    if Role.FAMILY in roles or (Role.PATRONYMIC in roles and roles.count(Role.NAME) == 1):
        return [Role.GIVEN if r is Role.NAME else r for r in roles]
    out = list(roles)
    for i, role in enumerate(roles):
        if role is Role.PATRONYMIC and i > 0 and roles[i - 1] is Role.NAME:
            out[i - 1] = Role.GIVEN
    return out


# "Servant of": Abdul Rahim, Abdulrahim and Абдурахим are one given name, written as one
# word or two; joined, the name keeps one part however it was written.
_SERVANT_OF = frozenset({"ABDUL", "ABDAUL", "ABDU", "ABD", "ABDAL"})


def _join_servant_of(keyed: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for word, key in keyed:
        if out and out[-1][1] in _SERVANT_OF and key:
            opener = out[-1][0]
            out[-1] = (f"{opener} {word}", phonetic_key(opener + word))
        else:
            out.append((word, key))
    return out


def _capitalised(word: str) -> str:
    if " " in word:  # Abdul Rahim: each word (title() would make O'tkir O'Tkir)
        return " ".join(_capitalised(w) for w in word.split(" "))
    return word[:1].upper() + word[1:]


@lru_cache(maxsize=65536)
def name_parts(name: str) -> tuple[NamePart, ...]:
    """The parts of a name in written order; stand-in words ("неизвестно", "XXX") left out.

    A particle joins the word before it into one patronymic part: "Асан уулу" is the
    patronymic with stem ASAN.
    """
    keyed = [(w, phonetic_key(w)) for w in normalise(name).split() if not is_placeholder_word(w)]
    if len(keyed) > 1:
        keyed = _join_servant_of(keyed)
    words = [w for w, key in keyed if key]  # a lone ъ or ь has no sound
    keys = [key for _, key in keyed if key]
    texts: list[str] = []
    found: list[tuple[str, Gender, str, str]] = []  # key, gender, base, stem
    roles: list[Role] = []
    for word, key in zip(words, keys, strict=True):
        particle = _PARTICLES.get(key)
        # The word before the particle is the father's name, whatever its ending says
        # (French Kouanych for Қуаныш ends like -ich), unless it already took a particle.
        if particle is not None and texts and " " not in found[-1][0]:
            father = found[-1][0]
            texts[-1] = f"{texts[-1]} {word}"
            found[-1] = (f"{father} {key}", particle, father, father)
            roles[-1] = Role.PATRONYMIC
            continue
        if particle is not None:
            continue  # a particle with no father's name before it says nothing
        role, gender, base, stem = _classify(word, key)
        texts.append(_capitalised(word))
        found.append((key, gender, base, stem))
        roles.append(role)
    if _father_named_bare(roles, [key for key, *_ in found]):
        key = found[2][0]
        found[2] = (key, Gender.UNKNOWN, key, key)  # the father's, not the holder's, gender
        roles[2] = Role.PATRONYMIC
    return tuple(
        NamePart(text, key, base, stem, role, gender)
        for text, (key, gender, base, stem), role in zip(
            texts, found, _given_roles(roles), strict=True
        )
    )


def name_gender(parts: tuple[NamePart, ...]) -> Gender:
    """The gender the endings show, or UNKNOWN when they show none or disagree."""
    genders = {p.gender for p in parts} - {Gender.UNKNOWN}
    return genders.pop() if len(genders) == 1 else Gender.UNKNOWN

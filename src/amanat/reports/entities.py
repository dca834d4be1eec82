"""People, organisations and places named in a report.

Russian: natasha's slovnet NER, from the models inside its package (nothing is
downloaded).  Only its NER is used — natasha's morphology needs pymorphy2, which
Python 3.11 breaks, and the register's name layer, not a lemmatiser, compares names.
English and Kazakh: rules (capitalised words next to a role word or an organisation
word) and the register's gazetteer, which serves every language.  Courts named by city
and level are found by a rule in every language (slovnet misses some).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, Protocol

from amanat.reports.candidates import Mention
from amanat.reports.gazetteer import Gazetteer

NATASHA_KINDS = {"PER": "person", "ORG": "organisation", "LOC": "place"}


class EntityPart(Protocol):
    def mentions(self, text: str, language: str, gazetteer: Gazetteer) -> list[Mention]: ...


@cache
def _natasha() -> tuple[Any, Any]:
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def russian_mentions(text: str) -> list[Mention]:
    from natasha import Doc

    segmenter, tagger = _natasha()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    return [
        Mention(NATASHA_KINDS[span.type], span.text, span.start, span.stop)
        for span in doc.spans
        if span.type in NATASHA_KINDS
    ]


CAPITALISED = r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі'’-]+"
NAME = rf"{CAPITALISED}(?:\s+{CAPITALISED}){{1,2}}"
# A person is named next to what they are ("suspect Aibek Testov", "Aibek Testov, 34,").
PERSON_CUES = re.compile(
    rf"(?:(?:suspect|defendant|citizen|national|resident|Mr\.?|Ms\.?|Mrs\.?|"
    rf"named|identified as|officer|official|judge|head|leader|driver|courier|"
    rf"күдікті|азамат|азаматы)\s+)({NAME})"
    rf"|({NAME})(?=,\s+(?:\d{{2}}|a|an|aged|the)\b)"
)
ORGANISATION_WORDS = (
    r"Court|Ministry|Police|Service|Agency|Committee|Office|Prosecutor(?:'s)?|Department|"
    r"Directorate|Guard|Customs|Centre|Center|Foundation|Union|Organization|Organisation|"
    r"соты|министрлігі|полициясы|комитеті|қызметі|прокуратурасы"
)
ORGANISATION = re.compile(
    rf"(?:the\s+)?((?:{CAPITALISED}\s+){{0,4}}(?:{ORGANISATION_WORDS})"
    rf"(?:\s+(?:of|for|on)\s+(?:the\s+)?{CAPITALISED}(?:\s+{CAPITALISED}){{0,3}})?)"
)


# A court named by its city or region and level ("the Osh city court", "Андижанский
# областной суд"): the court of a verdict is one of its actors.
COURT = re.compile(
    rf"((?:{CAPITALISED}\s+){{1,3}}(?:(?:city|regional|district|military|supreme|oblast)\s+)?"
    rf"[Cc]ourt\b|(?:{CAPITALISED}\s+)?(?:[\w-]+(?:ский|ской|ского|цкий)\s+)?"
    rf"(?:городск|областн|районн|военн|межрайонн|Верховн)\w*\s+суд\w*"
    rf"(?:\s+(?:г\.\s*)?{CAPITALISED})?)"
)
GENERIC = re.compile(rf"(?:the\s+)?(?:{ORGANISATION_WORDS})", re.IGNORECASE)


def court_mentions(text: str) -> list[Mention]:
    return [Mention("organisation", m.group(1), m.start(1), m.end(1)) for m in COURT.finditer(text)]


def rule_mentions(text: str) -> list[Mention]:
    found = []
    for match in PERSON_CUES.finditer(text):
        group = 1 if match.group(1) else 2
        found.append(Mention("person", match.group(group), match.start(group), match.end(group)))
    for match in ORGANISATION.finditer(text):
        # "Police", "The Office" alone name no one organisation.
        if GENERIC.fullmatch(match.group(1)):
            continue
        found.append(Mention("organisation", match.group(1), match.start(1), match.end(1)))
    return found


# A people's adjective names the country whose agency acted only before the agency's
# name; before "nationals", "men", "migrants" it is a citizenship, not a place.
AGENCY_AFTER = re.compile(
    r"[\s-]+(?:\w+\s+)?(?:border|guards?|police|customs|authorit\w*|officers?|officials?|"
    r"courts?|prosecutors?|security|interior|ministry|government|law[\s-]enforcement|drug\s+control|"
    r"пограничн\w*|милиц\w*|полиц\w*|таможен\w*|власт\w*|суд\w*|прокурат\w*|"
    r"правоохранит\w*|спецслужб\w*|силовик\w*|ведомств\w*|министерств\w*|служб\w*)\b",
    re.IGNORECASE,
)


def gazetteer_mentions(text: str, gazetteer: Gazetteer) -> list[Mention]:
    found = []
    for start, stop, entry in gazetteer.find(text):
        if entry.kind == "demonym":
            if AGENCY_AFTER.match(text, stop):
                # Named like a country (a code, no region): "Tajik" is no region.
                country = entry.country
                found.append(Mention("place", text[start:stop], start, stop, country, country))
        elif entry.kind == "region":
            found.append(Mention("place", text[start:stop], start, stop, None, entry.country))
        else:
            found.append(
                Mention(entry.kind, text[start:stop], start, stop, entry.code, entry.country)
            )
    return found


# Case endings a Russian name takes in running text ("задержали Азамата Тестова",
# "с Тестовым"): the register holds names in the nominative.
CASE_ENDING = re.compile(r"(?<=[бвгджзклмнпрстфхцчшщ])(?:ым|ом|ем|а|у|е)$", re.IGNORECASE)


def nominative_guess(name: str) -> str:
    """The name with the case ending of each word dropped — a guess for a masculine
    name in an oblique case ("Азамата Тестова" -> "Азамат Тестов").  Wrong for a
    feminine one ("Тестова" is her nominative), so it is compared beside the name as
    written, never instead of it."""
    return " ".join(CASE_ENDING.sub("", word) if len(word) > 3 else word for word in name.split())


def _overlaps(a: Mention, b: Mention) -> bool:
    return a.start < b.stop and b.start < a.stop


class DefaultEntities:
    """natasha for Russian, rules for the others; the gazetteer for all, first (a known
    country or organisation is named by its code, and overrides a guess)."""

    def mentions(self, text: str, language: str, gazetteer: Gazetteer) -> list[Mention]:
        known = gazetteer_mentions(text, gazetteer)
        guessed = russian_mentions(text) if language == "ru" else rule_mentions(text)
        guessed += [
            c
            for c in court_mentions(text)
            if not any(_overlaps(c, g) and g.kind == "organisation" for g in guessed)
        ]
        merged = list(known)
        for mention in guessed:
            # A known place is no person ("United Arab Emirates, the court said").
            if not any(
                _overlaps(mention, k) and (k.kind == mention.kind or mention.kind == "person")
                for k in known
            ):
                merged.append(mention)
        return sorted(merged, key=lambda m: (m.start, -m.stop))

"""Events a sentence reports: arrest, charge, prosecution, conviction, acquittal,
sentence, seizure, rescue, operation, and a statistic an authority gives.

Rules over the sentence's words, in Russian, English and Kazakh: a trigger word says
the kind; a negation right before it ("не был задержан", "was not charged") or right
after ("задержать не удалось") or a hedge anywhere in the sentence ("reportedly", "по
данным источника") is kept as a mark on the event, for the analyst, rather than dropped
or asserted.

A word of an event's kind does not always report one, and precision matters more than
recall (an analyst must trust what she is shown): a trigger is passed over after an
intention, a future, a request or a question in its clause ("намерена обжаловать
оправдательный приговор", "arrests will break", "did not say how many were charged"),
and where it is a noun or a participle standing for a person ("Жена задержанного",
"задержания курьеров", "the largest seizure since 2019").  A sentence of an authority's
aggregate figures ("120 уголовных дел", "over the same period") is one statistic, not
the seizures or arrests it adds up.
"""

from __future__ import annotations

import re

MASS_AFTER = r"(?=[^.;]{0,60}?\d[\d.,]*\s*(?:кг|килограмм|грамм|тонн|kg|kilograms?|grams?|tonnes?))"
TRIGGERS: dict[str, str] = {
    "acquittal": r"оправда(?!тельн)\w*|ақтал\w*|acquitted|acquits|"
    r"found\s+(?:[\w-]+\s+){0,6}?not\s+guilty",
    "sentence": r"пригов[оа]р\w*(?:\s+\w+){0,3}\s+к\s|"
    r"пригов[оа]р\w*[^.;]{0,100}?\bк\s+(?:\d[\d,.]*|\w+)\s+(?:\w+\s+)?(?:год\w*|лет|месяц\w*)|"
    r"назначил\w*\s+наказани\w*|"
    r"назначен\w*\s+(?:по\s+)?\d+\s+(?:лет|год)|получил\w*\s+(?:по\s+)?\d+\s+(?:лет|год)|"
    r"сотталды|sentenced|sentence[sd]?\s+(?:him|her|them)|"
    r"received\s+(?:\w+\s+){0,3}(?:years|prison\s+terms?|sentences?|terms)|"
    r"получил\w*\s+(?:\w+\s+){0,2}(?:срок\w*|наказани\w*)",
    "conviction": r"осуди\w*|осужд(?!ённ|енн)\w*|признал\w*\s+виновн\w*|признан\w*\s+виновн\w*|"
    r"кінәлі\s+деп\s+таны\w*|convicted|convicts|"
    r"found\s+(?:(?!not\b)[\w-]+\s+){1,6}guilty|found\s+guilty",
    "charge": r"предъяв\w*\s+обвинени\w*|обвинени\w*\s+(?:\w+\s+){0,2}(?:не\s+)?предъяв\w*|"
    r"обвиня(?:ет|ют|лся|лась|лись|ли)\b|"
    r"обвинен\w*\s+в\b|айып\s+тағыл\w*|charged|indicted",
    "prosecution": r"возбу[жд]\w*\s+(?:\d+\s+)?уголовн\w*\s+дел\w*|"
    r"уголовн\w*\s+дел\w*\s+возбужд\w*|направ\w*\s+в\s+суд|в\s+суд\s+направлен\w*|"
    r"досудебн\w*\s+расследовани\w*|"
    r"қылмыстық\s+іс\s+қозға\w*|prosecut(?:ed|ing)\b|prosecution\s+(?:of|against)|brought\s+to\s+trial|"
    r"criminal\s+case\s+(?:was\s+)?opened|opened\s+a\s+criminal\s+case",
    "arrest": r"задерж(?!ани|анн)\w*|арестова(?!нн)\w*|взят\w*\s+под\s+стражу|ұста\w*|"
    r"қамауға\s+алын\w*|arrested|arresting|under\s+arrest|detain(?!ees?\b)\w*|apprehended|"
    r"taken\s+into\s+custody",
    "seizure": r"изъя\w*|изъят\w*|конфискова\w*|тәркіле\w*|seized|confiscated|intercepted|"
    rf"seizure\s+of\s+\d|(?:обнаружен\w*|обнаружил\w*|нашли|found|finding|discovered|"
    rf"uncovered){MASS_AFTER}|"
    r"\bс\s+\d[\d.,]*\s*(?:кг|килограмм\w*|грамм\w*|тонн\w*)|"
    r"\bwith\s+\d[\d.,]*\s*(?:kg|kilograms?|grams?|tonnes?)",
    "rescue": r"освобожд\w*|освободил\w*|спас\w*|вызволил\w*|босатыл\w*|rescued|freed|"
    r"released\s+from",
    "operation": r"спецоперац\w*|операци\w*|рейд\w*|operation|raid",
    "statistic": r"по\s+(?:данным|статистике)\s+(?:министерств|ведомств|генпрокуратур|"
    r"генеральн\w+\s+прокуратур|МВД|комитет|агентств|служб)\w*|"
    r"according\s+to\s+(?:the\s+|its\s+)?(?:ministry|office|agency|statistics|prosecutor|"
    r"annual\s+report|figures|data)\w*|"
    r"reported\s+(?:seizing|detaining|arresting|rescuing|identifying|recording)\b|"
    r"(?:registered|recorded|documented|identified|reported|зарегистрирован\w*|выявлен\w*|"
    r"зафиксирован\w*|учтен\w*)\s+(?:\w+\s+){0,3}\d[\d,.]*\s+(?:[\w-]+\s+){0,3}"
    r"(?:cases|crimes|offences|offenses|victims|преступлени\w*|фактов|случаев|жертв\w*|"
    r"потерпевш\w*)",
}
TRIGGER = {kind: re.compile(rf"\b(?:{p})", re.IGNORECASE) for kind, p in TRIGGERS.items()}
# A negation up to two words before the trigger, or inside it ("обвинение не предъявлено").
NEGATION = re.compile(
    r"\b(?:не|ни|нет|not|never|no|n't|without)\s+(?:\w+\s+){0,2}$|n't\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
INNER_NEGATION = re.compile(r"\bне\s", re.IGNORECASE)
NEGATION_AFTER = re.compile(
    r"^\W*(?:\w+\s+){0,2}(?:не\s+удалось|не\s+смогл\w*|was\s+not\s+possible)", re.IGNORECASE
)
# An intention, a future, a request or a question before the trigger, in its clause.
NOT_ASSERTED = re.compile(
    r"\b(?:will|would|could|should|may|might|plans?\s+to|intends?\s+to|promise\w*|"
    r"asked\s+for|requested|demanded|sought|whether|how\s+many|if|unless|если|"
    r"намерен\w*|планиру\w*|собира\w*|будет|будут|может|могут|просил\w*|"
    r"потребовал\w*|сколько|обжал\w*|ли)\b[^,;:]*$",
    re.IGNORECASE,
)
# A participle standing for a person is no report of the act ("Задержанным 23 года"),
# unless "был" makes it the predicate.
PARTICIPLE = re.compile(r"\w+нн\w*$", re.IGNORECASE)
PREDICATE_BEFORE = re.compile(r"\b(?:был\w*|будучи)\s+(?:\w+\s+)?$", re.IGNORECASE)
# An authority's aggregate figures: a count of cases or crimes, a reporting period.
AGGREGATE = re.compile(
    r"(?P<n>\d[\d,.]*)\s+(?:[\w-]+\s+){0,3}(?:cases|crimes|offences|offenses|"
    r"преступлени\w*|уголовн\w+\s+дел\w*|фактов|случаев|правонарушени\w*)|"
    r"over\s+the\s+same\s+period|за\s+(?:тот\s+же|аналогичный)\s+период|"
    r"since\s+the\s+(?:start|beginning)\s+of\s+the\s+year|с\s+начала\s+(?:года|\d{4})|"
    r"за\s+(?:\w+\s+){0,2}(?:месяц\w*|квартал\w*|полугоди\w*)|annual\s+report|"
    r"in\s+the\s+first\s+(?:half|quarter|\w+\s+months)|"
    r"since\s+(?:January|the\s+start|the\s+beginning)|с\s+начала\s+(?:текущего\s+)?года",
    re.IGNORECASE,
)
FIGURES = re.compile(
    r"\d[\d,.]*\s+(?:[\w-]+\s+){0,3}(?:people|persons|victims|cases|crimes|offences|"
    r"человек|жертв|пострадавш|граждан|преступлени|дел|tonnes|тонн|kg|кг)",
    re.IGNORECASE,
)
HEDGES = re.compile(
    r"\b(?:reportedly|allegedly|is\s+said\s+to|are\s+said\s+to|was\s+said\s+to|rumou?red|"
    r"unconfirmed|according\s+to\s+(?:a\s+)?(?:source|sources|witnesses|local\s+media)|"
    r"media\s+(?:reported|said|reports)|a\s+source\s+(?:in|close\s+to)|"
    r"предположительно|якобы|по\s+неподтвержд\w*|по\s+некоторым\s+данным|"
    r"по\s+словам\s+(?:источник|очевидц|местн|сосед|знаком|родственник|свидетел)\w*|по\s+слухам|возможно|"
    r"по\s+данным\s+(?:СМИ|источник\w*)|по\s+тем\s+же\s+данным|"
    r"болжам\w*|мәлімет\w*\s+бойынша)\b",
    re.IGNORECASE,
)


def _asserted(sentence: str, match: re.Match[str]) -> bool:
    before = sentence[: match.start()]
    if NOT_ASSERTED.search(before):
        return False
    word = match.group(0).split()[0]
    return not (PARTICIPLE.search(word) and not PREDICATE_BEFORE.search(before))


def aggregate(sentence: str) -> bool:
    """Whether the sentence gives an authority's aggregate figures."""
    for match in AGGREGATE.finditer(sentence):
        count = match.group("n")
        if count is None or float(count.replace(",", "").rstrip(".") or 0) >= 2:
            return True
    return False


def kinds_in(sentence: str) -> list[tuple[str, int, bool]]:
    """(kind, offset of the trigger in the sentence, negated) for each kind the sentence
    reports, each kind once (its first asserted trigger)."""
    found = []
    for kind, pattern in TRIGGER.items():
        match = next((m for m in pattern.finditer(sentence) if _asserted(sentence, m)), None)
        if match is None:
            continue
        negated = (
            NEGATION.search(sentence[: match.start()]) is not None
            or INNER_NEGATION.search(match.group(0)) is not None
            or NEGATION_AFTER.search(sentence[match.end() :]) is not None
        )
        found.append((kind, match.start(), negated))
    if found and aggregate(sentence):
        first = min(found, key=lambda k: k[1])
        return [("statistic", first[1], False)]
    # An attribution ("По данным ведомства, ...") is a statistic only with figures.
    if FIGURES.search(sentence) is None:
        found = [k for k in found if k[0] != "statistic"]
    return sorted(found, key=lambda k: k[1])


def hedged(sentence: str) -> bool:
    return HEDGES.search(sentence) is not None

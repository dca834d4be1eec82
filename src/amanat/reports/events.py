"""Events a sentence reports: arrest, charge, prosecution, conviction, acquittal,
sentence, seizure, rescue, operation, and a statistic an authority gives.

Rules over the sentence's words, in Russian, English and Kazakh: a trigger word says
the kind; a negation right before it ("не был задержан", "was not charged") or a
hedge anywhere in the sentence ("reportedly", "по данным источника") is kept as a mark
on the event, for the analyst, rather than dropped or asserted.
"""

from __future__ import annotations

import re

TRIGGERS: dict[str, str] = {
    "acquittal": r"оправда\w*|ақтал\w*|acquitt\w*|found\s+not\s+guilty",
    "sentence": r"пригов[оа]р\w*(?:\s+\w+){0,3}\s+к\s|назначил\w*\s+наказани\w*|"
    r"сотталды|sentenced|sentence[sd]?\s+(?:him|her|them)",
    "conviction": r"осуди\w*|осужд\w*|признал\w*\s+виновн\w*|признан\w*\s+виновн\w*|"
    r"кінәлі\s+деп\s+таны\w*|convicted|convicts|found\s+(?:him|her|them|\w+)\s+guilty|"
    r"found\s+guilty",
    "charge": r"предъяв\w*\s+обвинени\w*|обвиня(?:ет|ют|лся|лась|лись|ли)\b|"
    r"обвинен\w*\s+в\b|айып\s+тағыл\w*|charged|indicted",
    "prosecution": r"возбу[жд]\w*\s+(?:\d+\s+)?уголовн\w*\s+дел\w*|"
    r"уголовн\w*\s+дел\w*\s+возбужд\w*|направ\w*\s+в\s+суд|қылмыстық\s+іс\s+қозға\w*|prosecut\w*|brought\s+to\s+trial|"
    r"criminal\s+case\s+(?:was\s+)?opened|opened\s+a\s+criminal\s+case",
    "arrest": r"задерж\w*|арестова\w*|взят\w*\s+под\s+стражу|ұста\w*|қамауға\s+алын\w*|"
    r"arrest\w*|detain\w*|apprehended|taken\s+into\s+custody",
    "seizure": r"изъя\w*|изъят\w*|конфискова\w*|обнаружил\w*\s+и\s+изъял\w*|тәркіле\w*|"
    r"seized|seizure|confiscated|intercepted",
    "rescue": r"освобожд\w*|освободил\w*|спас\w*|вызволил\w*|босатыл\w*|rescued|freed|"
    r"released\s+from",
    "operation": r"спецоперац\w*|операци\w*|рейд\w*|operation|raid",
    "statistic": r"по\s+(?:данным|статистике)\s+(?:министерств|ведомств|генпрокуратур|МВД|"
    r"комитет|агентств|служб)\w*|according\s+to\s+(?:the\s+)?(?:ministry|office|"
    r"agency|statistics|prosecutor)\w*|recorded\s+\d+\s+cases",
}
TRIGGER = {kind: re.compile(rf"\b(?:{p})", re.IGNORECASE) for kind, p in TRIGGERS.items()}
# A negation up to two words before the trigger.
NEGATION = re.compile(
    r"\b(?:не|ни|нет|not|never|no|n't|without)\s+(?:\w+\s+){0,2}$|n't\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
HEDGES = re.compile(
    r"\b(?:reportedly|allegedly|is\s+said\s+to|are\s+said\s+to|was\s+said\s+to|rumou?red|"
    r"unconfirmed|according\s+to\s+(?:a\s+)?(?:source|sources|witnesses|local\s+media)|"
    r"предположительно|якобы|по\s+неподтвержд\w*|по\s+некоторым\s+данным|"
    r"по\s+словам\s+(?:источник|очевидц|местн)\w*|по\s+слухам|возможно|"
    r"болжам\w*|мәлімет\w*\s+бойынша)\b",
    re.IGNORECASE,
)


def kinds_in(sentence: str) -> list[tuple[str, int, bool]]:
    """(kind, offset of the trigger in the sentence, negated) for each kind the sentence
    reports, each kind once (its first trigger)."""
    found = []
    for kind, pattern in TRIGGER.items():
        match = pattern.search(sentence)
        if match is None:
            continue
        negated = NEGATION.search(sentence[: match.start()]) is not None
        found.append((kind, match.start(), negated))
    return sorted(found, key=lambda k: k[1])


def hedged(sentence: str) -> bool:
    return HEDGES.search(sentence) is not None

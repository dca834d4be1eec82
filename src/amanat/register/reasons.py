"""Why a value is refused: a code with its parameters, and the reason's words.

A value is refused for the same reason whichever door it came through, and each
reason is declared once, here, as msgids of Amanat's one gettext domain
(``amanat.language``): ``said`` follows the field and the value in the API's English,
an import's error report and a command's output ("sex: 'X' is not a code of
vocabulary «Sex» (sex)"); ``asked`` is what a form says beside the field ("Choose one
of the options."), where the form says it otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from amanat.language import i18n
from amanat.language.i18n import N_
from amanat.vocab import VocabularyError, vocabulary


@dataclass(frozen=True)
class Reason:
    said: str
    asked: str | None = None  # None: the form says "Not accepted: <said>"


NOT_A_DATE = N_("Give a date as year-month-day, e.g. 2024-03-15.")
NOT_A_CHOICE = N_("Choose one of the options.")
OUT_OF_RANGE = N_("Give a number from %(low)s to %(high)s.")

REASONS: dict[str, Reason] = {
    # How the value is written.
    "not_text": Reason(N_("is not text"), N_("This is not text.")),
    "too_long": Reason(
        N_("is longer than %(length)s characters"),
        N_("This is too long (at most %(length)s characters)."),
    ),
    "not_a_date": Reason(N_("is not a date in any of the formats %(formats)s"), NOT_A_DATE),
    "not_a_real_date": Reason(N_("is not a real date"), NOT_A_DATE),
    "not_a_full_date": Reason(
        N_("gives only part of a date; this field needs day, month and year"), NOT_A_DATE
    ),
    "not_a_number": Reason(N_("is not a number"), N_("Give a number, e.g. 2.5.")),
    "not_a_whole_number": Reason(N_("is not a whole number"), N_("Give a whole number.")),
    "too_precise": Reason(
        N_("has more than %(places)s decimal places"),
        N_("Give at most %(places)s decimal places."),
    ),
    "not_yes_no": Reason(N_("is not yes or no"), N_("Give yes or no.")),
    # What the column holds.
    "out_of_range": Reason(N_("is not between %(low)s and %(high)s"), OUT_OF_RANGE),
    "negative": Reason(N_("must not be negative"), N_("This must not be negative.")),
    "not_a_code": Reason(N_("is not a code of vocabulary %(vocabulary)s"), NOT_A_CHOICE),
    "not_a_country": Reason(N_("is not an ISO 3166-1 alpha-2 country code"), NOT_A_CHOICE),
    "not_a_date_value": Reason(N_("is not a date"), NOT_A_DATE),
    "too_early": Reason(N_("is before %(year)s"), N_("This date is before %(year)s.")),
    "in_future": Reason(N_("is in the future"), N_("This date is in the future.")),
    "not_a_year": Reason(N_("is not a year between %(low)s and now"), OUT_OF_RANGE),
    "not_a_month": Reason(N_("is not a month (1-12)"), OUT_OF_RANGE),
    "not_a_day": Reason(N_("is not a day of the month (1-31)"), OUT_OF_RANGE),
    "empty": Reason(N_("is empty")),
    # A date known in part (``checks.check_partial_date``).
    "month_without_year": Reason(N_("gives a month or day without a year")),
    "day_without_month": Reason(N_("gives a day without a month")),
    # Checks across the fields of one record (``check_record``), naming the other field.
    "before_opened_on": Reason(N_("is before opened_on %(date)s")),
    "before_started_on": Reason(N_("is before started_on")),
    "not_after_issued_on": Reason(N_("is not after issued_on %(date)s")),
    "needs_cash_amount": Reason(N_("is required when cash_amount is given")),
    "not_this_form": Reason(N_("is given for form %(form)s")),
    "not_this_role": Reason(N_("is given for role %(role)s")),
    "not_charged": Reason(N_("is given but charged_with_offence is false")),
    "sentence_not_sentenced": Reason(
        N_("is given for stage %(stage)s; sentences belong to 'sentenced'")
    ),
    "appeal_not_decided": Reason(
        N_("is given for stage %(stage)s; it belongs to 'appeal_decided'")
    ),
    "extradition_countries": Reason(N_("and to_country are required for an extradition")),
    "one_end": Reason(N_("must name exactly one of %(ends)s")),
    "wider_than_marking": Reason(N_("is wider than TLP:%(tlp)s allows")),
    "group_with_distribution": Reason(N_("must be given exactly when the distribution is 'group'")),
    # A check that says its reason in its own words (a msgid where one is marked).
    "check": Reason("%(text)s"),
}


def _vocabulary(name: str, lang: str) -> str:
    try:
        found = vocabulary(name)
    except VocabularyError:
        return name
    return f"«{i18n.in_language(found.labels, lang)}» ({name})"


def shown(params: Mapping[str, object], lang: str) -> dict[str, object]:
    """A reason's parameters as the language writes them: a vocabulary by its label,
    an amount in the language's digits ("99 999,99"), a check's text translated."""
    values = dict(params)
    for key, value in params.items():
        if key == "vocabulary" and isinstance(value, str):
            values[key] = _vocabulary(value, lang)
        elif isinstance(value, Decimal):
            values[key] = i18n.number_text(value, lang)
        elif key == "text" and isinstance(value, str):
            values[key] = i18n.gettext(lang, value)
    return values


def said(code: str, params: Mapping[str, object], lang: str = "en") -> str:
    """Why a value is refused, after its field and value, in ``lang``."""
    return i18n.gettext(lang, REASONS[code].said) % shown(params, lang)


class Unfit(ValueError):
    """A value a column cannot hold, as a code and its parameters; ``str()`` is the
    reason in English ("is not a whole number")."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(said(code, params))

"""The register's reasons for refusing a value (``amanat.register.reasons``), as a form
says them beside the field, in the user's language.

Every reason code has its sentence here (a test checks it), so a value the column's
converter refuses reads the same on every form as in the API and an import.
"""

from __future__ import annotations

from decimal import Decimal

from amanat.language import i18n
from amanat.language.i18n import N_
from amanat.register.reasons import Unfit

TOO_LONG = N_("This is too long (at most %(n)s characters).")
NOT_A_DATE = N_("Give a date as year-month-day, e.g. 2024-03-15.")
FUTURE = N_("This date is in the future.")
TOO_EARLY = N_("This date is before 1900.")
NOT_A_NUMBER = N_("Give a whole number.")
NOT_A_DECIMAL = N_("Give a number, e.g. 2.5.")
OUT_OF_RANGE = N_("Give a number from %(low)s to %(high)s.")
NOT_A_CHOICE = N_("Choose one of the options.")
NOT_TEXT = N_("This is not text.")
NEGATIVE = N_("This must not be negative.")
TOO_PRECISE = N_("Give at most %(places)s decimal places.")
NOT_YES_NO = N_("Give yes or no.")
NOT_ACCEPTED = N_("Not accepted: %(reason)s")

# The register's own reasons (``amanat.register.checks``), translated where they
# reach a form; listed here so the catalogues have them.
REGISTER_REASONS = (
    N_("is in the future"),
    N_("is not a date"),
    N_("must not be negative"),
    N_("is not a real date"),
    N_("is empty"),
    N_("is required: say why the record should go further"),
    N_("is already decided"),
    N_("must have a value"),
)

SENTENCES: dict[str, str] = {
    "not_text": NOT_TEXT,
    "too_long": TOO_LONG,
    "not_a_date": NOT_A_DATE,
    "not_a_real_date": NOT_A_DATE,
    "not_a_full_date": NOT_A_DATE,
    "not_a_date_value": NOT_A_DATE,
    "not_a_number": NOT_A_DECIMAL,
    "not_a_whole_number": NOT_A_NUMBER,
    "too_precise": TOO_PRECISE,
    "not_yes_no": NOT_YES_NO,
    "out_of_range": OUT_OF_RANGE,
    "negative": NEGATIVE,
    "not_a_code": NOT_A_CHOICE,
    "not_a_country": NOT_A_CHOICE,
    "too_early": TOO_EARLY,
    "in_future": FUTURE,
    "not_a_year": OUT_OF_RANGE,
    "not_a_month": OUT_OF_RANGE,
    "not_a_day": OUT_OF_RANGE,
    "check": NOT_ACCEPTED,
}


def _number(value: object, lang: str) -> str:
    # Amounts in the reader's digits ("99 999,99"); years and counts as written.
    return i18n.number_text(value, lang) if isinstance(value, Decimal) else str(value)


def sentence(exc: Unfit, lang: str) -> str:
    """What the form says beside a field whose value was refused for ``exc``."""
    said = i18n.gettext(lang, SENTENCES[exc.code])
    params = exc.params
    if exc.code == "too_long":
        return said % {"n": params["length"]}
    if SENTENCES[exc.code] is OUT_OF_RANGE:
        return said % {"low": _number(params["low"], lang), "high": _number(params["high"], lang)}
    if exc.code == "too_precise":
        return said % {"places": params["places"]}
    if exc.code == "check":
        return said % {"reason": i18n.gettext(lang, str(params["text"]))}
    return said

"""Why a value is refused: a code with its parameters, and the reason in English.

A value is refused for the same reason whichever door it came through.  The API says
the English text; an import translates the code with its message catalogue
(``amanat/intake/data/messages.yaml``) and a web form with the web's (gettext), so
every code here has an entry in both (tests check it).
"""

from __future__ import annotations

REASONS: dict[str, str] = {
    # How the value is written.
    "not_text": "is not text",
    "too_long": "is longer than {length} characters",
    "not_a_date": "is not a date in any of the formats {formats}",
    "not_a_real_date": "is not a real date",
    "not_a_full_date": "gives only part of a date; this field needs day, month and year",
    "not_a_number": "is not a number",
    "not_a_whole_number": "is not a whole number",
    "too_precise": "has more than {places} decimal places",
    "not_yes_no": "is not yes or no",
    # What the column holds.
    "out_of_range": "is not between {low} and {high}",
    "negative": "must not be negative",
    "not_a_code": "is not a code of vocabulary '{vocabulary}'",
    "not_a_country": "is not an ISO 3166-1 alpha-2 country code",
    "not_a_date_value": "is not a date",
    "too_early": "is before {year}",
    "in_future": "is in the future",
    "not_a_year": "is not a year between {low} and now",
    "not_a_month": "is not a month (1-12)",
    "not_a_day": "is not a day of the month (1-31)",
    "check": "{text}",  # a check that says its reason in its own words
}


class Unfit(ValueError):
    """A value a column cannot hold, as a code and its parameters; ``str()`` is the
    reason in English ("is not a whole number")."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(REASONS[code].format(**params))

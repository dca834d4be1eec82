"""Reading a submitted form: typed values, and errors beside the fields that caused
them, in the user's language.

The form is checked here before anything is written, with the same limits the
register enforces, so the user reads "is in the future" next to the date rather
than a message from the database.  What the register still refuses is mapped back
to the field by ``place_problem``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import Request
from starlette.datastructures import FormData, UploadFile

from amanat.register.checks import EARLIEST_YEAR
from amanat.service.web import i18n
from amanat.service.web.i18n import N_
from amanat.service.web.labels import is_code

REQUIRED = N_("This field is required.")
TOO_LONG = N_("This is too long (at most %(n)s characters).")
NOT_A_DATE = N_("Give a date as year-month-day, e.g. 2024-03-15.")
FUTURE = N_("This date is in the future.")
TOO_EARLY = N_("This date is before 1900.")
NOT_A_NUMBER = N_("Give a whole number.")
NOT_A_DECIMAL = N_("Give a number, e.g. 2.5.")
OUT_OF_RANGE = N_("Give a number from %(low)s to %(high)s.")
NOT_A_CHOICE = N_("Choose one of the options.")
TEXT_LIMIT = 2000
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
)


async def read_form(request: Request) -> FormData:
    """The submitted form (a dependency, so the page handler itself stays synchronous)."""
    return await request.form()


class FormInput:
    """Values of one submitted form, with the errors found while reading them."""

    def __init__(self, data: FormData | Mapping[str, Any], lang: str) -> None:
        self.data = data
        self.lang = lang
        self.errors: dict[str, str] = {}
        # What the user typed, to fill the form again when it is shown with errors.
        self.values: dict[str, Any] = {
            key: value for key, value in data.items() if isinstance(value, str)
        }
        if isinstance(data, FormData):
            for key in data:
                if len(data.getlist(key)) > 1:
                    self.values[key] = [v for v in data.getlist(key) if isinstance(v, str)]

    @classmethod
    def blank(cls, lang: str, defaults: Mapping[str, Any] | None = None) -> FormInput:
        """An empty form (shown for the first time), with default values."""
        form = cls({}, lang)
        for key, value in (defaults or {}).items():
            if value is not None:
                form.values[key] = value if isinstance(value, str | list) else str(value)
        return form

    def error(self, name: str, message: str, **params: object) -> None:
        if name not in self.errors:
            translated = i18n.gettext(self.lang, message)
            self.errors[name] = translated % params if params else translated

    @property
    def ok(self) -> bool:
        return not self.errors

    def raw(self, name: str) -> str:
        value = self.data.get(name)
        return value.strip() if isinstance(value, str) else ""

    def text(self, name: str, required: bool = False, limit: int = TEXT_LIMIT) -> str | None:
        value = self.raw(name).replace("\x00", "")
        if not value:
            if required:
                self.error(name, REQUIRED)
            return None
        if len(value) > limit:
            self.error(name, TOO_LONG, n=limit)
            return None
        return value

    def date(self, name: str, required: bool = False, future: bool = False) -> dt.date | None:
        value = self.text(name, required, limit=40)
        if value is None:
            return None
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            self.error(name, NOT_A_DATE)
            return None
        if day.year < EARLIEST_YEAR:
            self.error(name, TOO_EARLY)
            return None
        if not future and day > dt.date.today():
            self.error(name, FUTURE)
            return None
        return day

    def integer(self, name: str, low: int, high: int, required: bool = False) -> int | None:
        value = self.text(name, required, limit=20)
        if value is None:
            return None
        try:
            number = int(value.replace(" ", "").replace("\u00a0", ""))
        except ValueError:
            self.error(name, NOT_A_NUMBER)
            return None
        if not low <= number <= high:
            self.error(name, OUT_OF_RANGE, low=low, high=high)
            return None
        return number

    def decimal(self, name: str, high: float = 1e12, required: bool = False) -> Decimal | None:
        value = self.text(name, required, limit=30)
        if value is None:
            return None
        # A comma is the decimal separator in Russian and the region's languages.
        cleaned = value.replace(" ", "").replace("\u00a0", "").replace(",", ".")
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            self.error(name, NOT_A_DECIMAL)
            return None
        if not number.is_finite() or not 0 <= number <= Decimal(str(high)):
            self.error(name, OUT_OF_RANGE, low=0, high=i18n.number_text(high, self.lang))
            return None
        return number

    def code(self, name: str, vocab: str, required: bool = False) -> str | None:
        value = self.text(name, required, limit=40)
        if value is None:
            return None
        if not is_code(vocab, value):
            self.error(name, NOT_A_CHOICE)
            return None
        return value

    def choice(self, name: str, allowed: Mapping[str, Any], required: bool = False) -> str | None:
        value = self.text(name, required, limit=200)
        if value is None:
            return None
        if value not in allowed:
            self.error(name, NOT_A_CHOICE)
            return None
        return value

    def codes(self, name: str, vocab: str) -> list[str]:
        """Every ticked code of a group of checkboxes."""
        given = self.data.getlist(name) if isinstance(self.data, FormData) else []
        found: list[str] = []
        for value in given:
            if not isinstance(value, str) or not value:
                continue
            if not is_code(vocab, value):
                self.error(name, NOT_A_CHOICE)
                return []
            if value not in found:
                found.append(value)
        return found

    def flag(self, name: str) -> bool:
        return self.raw(name) in ("on", "true", "1", "yes")

    def upload(self, name: str) -> UploadFile | None:
        value = self.data.get(name)
        if isinstance(value, UploadFile) and value.filename:
            return value
        return None


def place_problem(
    form: FormInput,
    loc: tuple[str | int, ...],
    message: str,
    fields: Mapping[tuple[str | int, ...], str],
) -> None:
    """Show an error the register raised (at ``loc`` in the records written) beside
    the form field it came from, or at the top of the form."""
    reason = i18n.gettext(form.lang, message)
    for size in range(len(loc), 0, -1):
        name = fields.get(tuple(loc[:size]))
        if name is not None:
            form.error(name, N_("Not accepted: %(reason)s"), reason=reason)
            return
    form.error("_form", N_("Not saved: %(reason)s"), reason=reason)

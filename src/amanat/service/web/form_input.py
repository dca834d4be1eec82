"""Reading a submitted form: typed values, and errors beside the fields that caused
them, in the user's language.

A field that fills a register column is read by the column's own converter
(``field``), the one the API and imports use, so the user reads "This date is in the
future." next to the date rather than a message from the database, and a value one
door takes every door takes.  Other values (a number of days, a record's id) are
read with the same parsers.  What the register still refuses (checks across fields)
is mapped back to the field by ``place_problem``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from fastapi import Request
from starlette.datastructures import FormData, UploadFile

from amanat.language import i18n
from amanat.language.i18n import N_
from amanat.register.checks import EARLIEST_YEAR
from amanat.register.converters import converter
from amanat.register.parsing import full_date, parse_number, parse_whole
from amanat.register.reasons import NOT_A_CHOICE, Unfit
from amanat.service.web.form_reasons import NOT_ACCEPTED, sentence
from amanat.service.web.labels import is_code

__all__ = ["NOT_A_CHOICE", "REQUIRED", "FormInput", "place_problem", "read_form"]

REQUIRED = N_("This field is required.")
TEXT_LIMIT = 2000


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

    def refuse(self, name: str, code: str, **params: object) -> None:
        """The error beside ``name`` for one of the register's reasons, in its words."""
        if name not in self.errors:
            self.errors[name] = sentence(Unfit(code, **params), self.lang)

    @property
    def ok(self) -> bool:
        return not self.errors

    def raw(self, name: str) -> str:
        value = self.data.get(name)
        return value.strip() if isinstance(value, str) else ""

    def field(self, name: str, column: Any, required: bool = False) -> Any:
        """The value of a field that fills ``column`` (``Case.opened_on``), read by the
        column's converter; None (with the error beside it) if it is refused."""
        value = self.raw(name)
        if not value:
            if required:
                self.error(name, REQUIRED)
            return None
        try:
            return converter(column)(value)
        except Unfit as exc:
            self.refuse(name, exc.code, **exc.params)
            return None

    def text(self, name: str, required: bool = False, limit: int = TEXT_LIMIT) -> str | None:
        value = self.raw(name)
        if "\x00" in value:  # no browser sends it; PostgreSQL refuses it
            self.refuse(name, "not_text")
            return None
        if not value:
            if required:
                self.error(name, REQUIRED)
            return None
        if len(value) > limit:
            self.refuse(name, "too_long", length=limit)
            return None
        return value

    def date(self, name: str, required: bool = False, future: bool = False) -> dt.date | None:
        value = self.text(name, required, limit=40)
        if value is None:
            return None
        try:
            day = full_date(value)
        except Unfit:
            self.refuse(name, "not_a_date_value")
            return None
        if day.year < EARLIEST_YEAR:
            self.refuse(name, "too_early", year=EARLIEST_YEAR)
            return None
        if not future and day > dt.date.today():
            self.refuse(name, "in_future")
            return None
        return day

    def integer(self, name: str, low: int, high: int, required: bool = False) -> int | None:
        value = self.text(name, required, limit=20)
        if value is None:
            return None
        try:
            number = parse_whole(value)
        except Unfit:
            self.refuse(name, "not_a_whole_number")
            return None
        if not low <= number <= high:
            self.refuse(name, "out_of_range", low=low, high=high)
            return None
        return number

    def decimal(self, name: str, high: float = 1e12, required: bool = False) -> Decimal | None:
        value = self.text(name, required, limit=30)
        if value is None:
            return None
        try:  # a decimal comma, as in Russian, and thousands spaces are read too
            number = parse_number(value)
        except Unfit:
            self.refuse(name, "not_a_number")
            return None
        if not 0 <= number <= Decimal(str(high)):
            self.refuse(name, "out_of_range", low=0, high=Decimal(str(high)))
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
    the form field it came from, or at the top of the form; ``message`` is in the
    form's language (``FieldProblem.said``) or a msgid."""
    reason = i18n.gettext(form.lang, message)
    for size in range(len(loc), 0, -1):
        name = fields.get(tuple(loc[:size]))
        if name is not None:
            form.error(name, NOT_ACCEPTED, reason=reason)
            return
    form.error("_form", N_("Not saved: %(reason)s"), reason=reason)

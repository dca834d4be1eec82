"""Field checks that run whenever a value is set on a register record.

Checks live on the columns (``info={"check": ...}``) and run on attribute set, so
every path that writes through the ORM — command line, importers, API — rejects
bad input with the same message, naming the field and the value.  Checks that
involve several fields run just before flush (``Record.check_record``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sqlalchemy import String, event
from sqlalchemy.orm import Mapper, Session

from amanat.language.i18n import DEFAULT_LANGUAGE
from amanat.language.refusal import filled
from amanat.register.reasons import Unfit, said
from amanat.vocab import vocabulary

Check = Callable[[Any], Any]

EARLIEST_YEAR = 1900


class InvalidValue(ValueError):
    """A value a record cannot hold; the message names the field and the value.

    The reason is a register reason (``Unfit``: a code and its parameters, said in
    any language) or, from the layers above, a sentence of their own."""

    def __init__(self, field: str, value: object, reason: str | Unfit, **params: object) -> None:
        self.field = field
        self.value = value
        self.unfit = reason if isinstance(reason, Unfit) else None
        # A sentence of the layers above: a msgid (``N_``) filled with ``params``.
        self.msgid = reason if isinstance(reason, str) else str(reason)
        self.params = params
        self.reason = str(reason) if self.unfit else filled(DEFAULT_LANGUAGE, self.msgid, params)
        super().__init__(f"{field}: {value!r} {self.reason}")

    def reason_in(self, lang: str) -> str:
        """Why the value is refused, in ``lang``."""
        if self.unfit is not None:
            return said(self.unfit.code, self.unfit.params, lang)
        return filled(lang, self.msgid, self.params)

    def said(self, lang: str) -> str:
        return f"{self.field}: {self.value!r} {self.reason_in(lang)}"


def in_vocabulary(name: str) -> Check:
    def check(value: Any) -> Any:
        if value not in vocabulary(name):
            raise Unfit("not_a_code", vocabulary=name)
        return value

    return check


def country_code(value: Any) -> Any:
    code = str(value).strip().upper()
    if code not in vocabulary("country"):
        raise Unfit("not_a_country")
    return code


def non_negative(value: Any) -> Any:
    if value < 0:
        raise Unfit("negative")
    return value


def between(low: float | Decimal, high: float | Decimal) -> Check:
    def check(value: Any) -> Any:
        if not low <= value <= high:
            raise Unfit("out_of_range", low=low, high=high)
        return value

    return check


class _Clock:
    """Whether a day is after today, reading the clock only for days near it.

    An import checks a million dates of birth; reading the clock for each was 3 % of
    its time.  Every day up to ``past`` (the day before the clock was last read) is
    past whenever it is asked, so only later days read the clock again."""

    past = dt.date.min

    @classmethod
    def is_future(cls, day: dt.date) -> bool:
        if day <= cls.past:
            return False
        today = dt.date.today()
        cls.past = today - dt.timedelta(days=1)
        return day > today


is_future = _Clock.is_future


def plausible_date(value: Any) -> Any:
    """A real event date: after 1900 and not in the future."""
    if not isinstance(value, dt.date):
        raise Unfit("not_a_date_value")
    day = value.date() if isinstance(value, dt.datetime) else value
    if day.year < EARLIEST_YEAR:
        raise Unfit("too_early", year=EARLIEST_YEAR)
    if is_future(day):
        raise Unfit("in_future")
    return value


def month_number(value: Any) -> Any:
    if not 1 <= value <= 12:
        raise Unfit("not_a_month", low=1, high=12)
    return value


def day_number(value: Any) -> Any:
    if not 1 <= value <= 31:
        raise Unfit("not_a_day", low=1, high=31)
    return value


def year_number(value: Any) -> Any:
    if not EARLIEST_YEAR <= value <= dt.date.today().year:
        raise Unfit("not_a_year", low=EARLIEST_YEAR, high=dt.date.today().year)
    return value


def check_partial_date(field: str, year: int | None, month: int | None, day: int | None) -> None:
    """A date known to the year, the month or the day — never a day without a month."""
    if year is None and (month is not None or day is not None):
        raise InvalidValue(field, (year, month, day), Unfit("month_without_year"))
    if month is None and day is not None:
        raise InvalidValue(field, (year, month, day), Unfit("day_without_month"))
    if year is not None and month is not None and day is not None:
        try:
            when = dt.date(year, month, day)
        except ValueError:
            written = f"{year:04d}-{month:02d}-{day:02d}"
            raise InvalidValue(field, written, Unfit("not_a_real_date")) from None
        if is_future(when):
            raise InvalidValue(field, when.isoformat(), Unfit("in_future"))


def _listener(field: str, check: Check) -> Callable[..., Any]:
    def on_set(target: object, value: Any, oldvalue: Any, initiator: Any) -> Any:
        if value is None:
            return value
        try:
            return check(value)
        except InvalidValue:
            raise
        except Unfit as exc:
            raise InvalidValue(field, value, exc) from None
        except (ValueError, TypeError) as exc:
            raise InvalidValue(field, value, str(exc)) from None

    return on_set


SHOWN_OF_LONG_TEXT = 40  # characters of an over-long value quoted in the error


def _fits(field: str, length: int, check: Check | None) -> Check:
    """The column's own check, then its length: SQLite stores any length and PostgreSQL
    refuses with a driver error naming neither field nor value, so say it here."""

    def fits(value: Any) -> Any:
        if check is not None:
            value = check(value)
        if isinstance(value, str) and len(value) > length:
            shown = value if len(value) <= SHOWN_OF_LONG_TEXT else value[:SHOWN_OF_LONG_TEXT] + "…"
            raise InvalidValue(field, shown, Unfit("too_long", length=length))
        return value

    return fits


@event.listens_for(Mapper, "mapper_configured")
def _attach_checks(mapper: Mapper[Any], cls: type) -> None:
    table = getattr(cls, "__tablename__", cls.__name__)
    for prop in mapper.column_attrs:
        column = prop.columns[0]
        check = column.info.get("check")
        length = getattr(column.type, "length", None) if isinstance(column.type, String) else None
        field = f"{table}.{prop.key}"
        if length is not None:
            check = _fits(field, length, check)
        if check is not None:
            attr = getattr(cls, prop.key)
            event.listen(attr, "set", _listener(field, check), retval=True)


# How far each TLP marking lets a record be distributed inside the system: RED goes
# to named recipients only, AMBER and AMBER+STRICT not beyond a sharing group.
DISTRIBUTION_ORDER = ("owner", "named", "group", "community")
WIDEST_DISTRIBUTION = {
    "RED": "named",
    "AMBER+STRICT": "group",
    "AMBER": "group",
    "GREEN": "community",
    "CLEAR": "community",
}


def distribution_allowed(tlp: str, distribution: str) -> bool:
    widest = WIDEST_DISTRIBUTION[tlp]
    return DISTRIBUTION_ORDER.index(distribution) <= DISTRIBUTION_ORDER.index(widest)


def check_marking(table: str, tlp: str, distribution: str, group_id: int | None) -> None:
    if not distribution_allowed(tlp, distribution):
        raise InvalidValue(
            f"{table}.distribution", distribution, Unfit("wider_than_marking", tlp=tlp)
        )
    if (distribution == "group") != (group_id is not None):
        raise InvalidValue(
            f"{table}.sharing_group_id",
            group_id,
            Unfit("group_with_distribution"),
        )


@event.listens_for(Session, "before_flush")
def _check_records(session: Session, flush_context: Any, instances: Any) -> None:
    for obj in (*session.new, *session.dirty):
        if getattr(obj, "distribution", None) is not None:
            # Before the insert an unset TLP is still None; the column default is AMBER.
            tlp = obj.tlp or "AMBER"
            check_marking(obj.__tablename__, tlp, obj.distribution, obj.sharing_group_id)
        check_record = getattr(obj, "check_record", None)
        if check_record is not None:
            check_record()

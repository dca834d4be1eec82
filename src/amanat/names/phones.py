"""Phone numbers as agencies write them, read as the one phone each means.

"+7 701 234 56 78", "8 (701) 234-56-78" and "77012345678" are one Kazakh phone;
"+7 901 234 56 78" is a Russian one, though its last nine digits are the same; and
"90 123 45 67" is an Uzbek phone (+998) when an Uzbek agency writes it and a Tajik one
(+992) when a Tajik agency does.  libphonenumber (``phonenumbers``) knows every
country's numbering plan and trunk and international prefixes; what it cannot know is
which country a number written without its country code belongs to.  ``phone_key``
decides, in this order:

1. a number written internationally (+998 …, 00 998 …, or 8 10 998 … dialled from
   Kazakhstan) is what it says;
2. else the countries where it was written, in order (``written_in``: a country given
   with the phone, then the recording organisation's): the first whose plan makes it a
   valid number;
3. else the countries its holder may have it from (``held_in``: their citizenships),
   only when they agree — a guess between two countries is no key;
4. else digits that begin with a country code and lack only the "+" (998901234567).

A number that is valid nowhere ("0 90 123 45 67": Uzbekistan has no trunk prefix;
"12-34"; "нет") is kept as typed wherever it is stored, and never links anything: its
key is None.
"""

from __future__ import annotations

import re
import traceback
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat

MIN_DIGITS = 5  # fewer digits are no phone number anywhere in the region
# A national number in the region has at most ten digits (Kazakhstan, Russia); eleven or
# more without a "+" can only be a number that begins with its country code.
INTERNATIONAL_DIGITS = 11
_NOT_DIGIT = re.compile(r"\D+")


def _valid(text: str, region: str | None) -> str | None:
    """E.164 of ``text`` read in ``region`` (None: written internationally), or None."""
    try:
        parsed = phonenumbers.parse(text, region)
    except NumberParseException as refused:
        # phonenumbers' ``parse`` keeps the exception in a local of its own frame, a
        # reference cycle; a frame holds its callers' frames, so the cycle would keep
        # alive whatever called us (an export's state, ~5 MiB) until the collector's
        # rare full pass.  Clearing the frames' locals breaks it.
        traceback.clear_frames(refused.__traceback__)
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    key: str = phonenumbers.format_number(parsed, PhoneNumberFormat.E164)
    return key


@lru_cache(maxsize=262144)
def phone_key(
    number: str, written_in: tuple[str | None, ...] = (), held_in: tuple[str, ...] = ()
) -> str | None:
    """The number in E.164 form, or None when it is no valid number (see the module).

    >>> phone_key("8 (701) 234-56-78", ("KZ",))
    '+77012345678'
    >>> phone_key("90 123 45 67", ("UZ",)), phone_key("90 123 45 67", ("TJ",))
    ('+998901234567', '+992901234567')
    """
    text = number.strip()
    digits = _NOT_DIGIT.sub("", text)
    if len(digits) < MIN_DIGITS or len(set(digits)) == 1:
        return None  # "-", "0000000", "+7 000 000 00 00"
    if text.startswith("+"):
        return _valid(text, None)
    if digits.startswith("00"):  # the ITU's international prefix, whoever wrote it
        return _valid("+" + digits[2:], None)
    for region in written_in:
        key = _valid(text, region) if region else None
        if key is not None:
            return key
    guesses = {_valid(text, region) for region in held_in} - {None}
    if len(guesses) == 1:
        return guesses.pop()
    if len(digits) >= INTERNATIONAL_DIGITS:
        return _valid("+" + digits, None)
    return None

"""Opaque cursors for keyset pagination.

A cursor names the last id of a page and the list it came from, so a page is
stable under concurrent inserts and a cursor from one list is refused by another.
Clients must treat it as opaque; its form may change.
"""

from __future__ import annotations

import base64
import binascii

from amanat.actions.errors import FieldProblem
from amanat.language.i18n import N_

_PREFIX = "c1"
MAX_ID = 2**63 - 1


def encode(scope: str, last_id: int) -> str:
    raw = f"{_PREFIX}:{scope}:{last_id}".encode()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode(scope: str, cursor: str | None) -> int | None:
    """The last id of the previous page, or None for the first page."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        prefix, seen_scope, last = base64.urlsafe_b64decode(padded).decode().split(":")
        last_id = int(last)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise FieldProblem(
            ("query", "cursor"), N_("is not a cursor of this list"), cursor
        ) from None
    if prefix != _PREFIX or seen_scope != scope or not 0 <= last_id <= MAX_ID:
        raise FieldProblem(("query", "cursor"), N_("is not a cursor of this list"), cursor)
    return last_id

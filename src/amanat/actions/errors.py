"""What an action answers when it cannot do what was asked.

Each adapter turns these into its own answer (the API's status codes, a form with the
error beside the field, a command's exit); the meaning is decided once, here and in
the access layer:

- ``NotFound``: no such thing — or one the caller may not see; never told apart;
- ``PermissionDenied`` / ``Refused``: the role or the credential does not allow the
  action, and the message names what is missing;
- ``FieldProblem`` / ``InvalidValue``: bad input, naming the field and the value;
- ``StaleDataError``: someone changed the record since the caller read it.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm.exc import StaleDataError

from amanat.access.roles import PermissionDenied
from amanat.access.sharing import NotFound
from amanat.actions.door import Refused
from amanat.language.i18n import DEFAULT_LANGUAGE
from amanat.language.refusal import filled
from amanat.register import InvalidValue
from amanat.register.reasons import Unfit, said

__all__ = [
    "FieldProblem",
    "InvalidValue",
    "NotFound",
    "PermissionDenied",
    "Refused",
    "StaleDataError",
]


class FieldProblem(ValueError):
    """Bad input at a known place in the request (``loc`` as FastAPI writes it,
    e.g. ``("body", "names", 0, "full_name")``); answered 422 like pydantic's own."""

    def __init__(
        self,
        loc: Sequence[str | int],
        message: str,
        value: object = None,
        unfit: Unfit | None = None,
        **params: object,
    ) -> None:
        self.loc = tuple(loc)
        self.msgid = message  # a msgid (``N_``), filled with ``params``
        self.params = params
        self.message = filled(DEFAULT_LANGUAGE, message, params)  # the API's English
        self.value = value
        self.unfit = unfit  # the register's reason, when it was one
        super().__init__(f"{'.'.join(map(str, self.loc))}: {self.message}")

    def said(self, lang: str) -> str:
        """The problem in ``lang``: the register's reason in its words, else the
        message's msgid filled in."""
        if self.unfit is not None:
            return said(self.unfit.code, self.unfit.params, lang)
        return filled(lang, self.msgid, self.params)

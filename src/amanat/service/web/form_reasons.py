"""The register's reasons for refusing a value (``amanat.register.reasons``), as a form
says them beside the field, in the user's language.

The words are the register's own declaration (``Reason.asked``, else "Not accepted:"
and ``Reason.said``), so a value refused reads the same on every form as in the API
and an import, and no second list of reasons is kept here.
"""

from __future__ import annotations

from amanat.language import i18n
from amanat.language.i18n import N_
from amanat.register.reasons import REASONS, Unfit, said, shown

NOT_ACCEPTED = N_("Not accepted: %(reason)s")


def sentence(exc: Unfit, lang: str) -> str:
    """What the form says beside a field whose value was refused for ``exc``."""
    asked = REASONS[exc.code].asked
    if asked is None:
        reason = said(exc.code, exc.params, lang)
        return i18n.gettext(lang, NOT_ACCEPTED) % {"reason": reason}
    return i18n.gettext(lang, asked) % shown(exc.params, lang)

"""What can be wrong with an imported file, and how it is said in the language of the
person importing.

Problems carry a code and parameters, not text: the same error is listed on screen,
in the CSV error report and in the API's answer, each in its reader's language.  A
value the register refuses keeps the register's own code (``amanat.register.reasons``,
declared there once); the codes here are the import's own, their words msgids of
Amanat's one gettext domain (``amanat.language``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from amanat.language import i18n
from amanat.language.i18n import N_
from amanat.register.reasons import REASONS, said, shown

MESSAGES: dict[str, str] = {
    # -- a cell ------------------------------------------------------------------------
    "required": N_("is required"),
    "unknown_value": N_(
        "is not a known value of %(vocabulary)s; add it under the column's values in the profile"
    ),
    "no_such_record": N_("refers to no %(kind)s with this id from your organisation"),
    "no_such_organisation": N_("is not a registered organisation code"),
    "duplicate_id": N_("repeats the record id of row %(first)s"),
    "not_a_record": N_("is not an object"),
    "database": N_("refused by the database: %(text)s"),
    # -- the whole file or profile -----------------------------------------------------
    "empty_file": N_("the file is empty"),
    "too_large": N_("the file is larger than the limit of %(limit)s"),
    "mixed_encoding": N_(
        "the text is not consistently %(encoding)s: byte %(byte)s near line %(line)s cannot be read"
    ),
    "bad_csv": N_("the CSV file cannot be read: %(text)s"),
    "bad_json": N_("the JSON cannot be read: %(text)s"),
    "bad_xlsx": N_("the XLSX workbook cannot be read: %(text)s"),
    "zip_bomb": N_("the XLSX workbook is refused: %(text)s"),
    "no_sheet": N_("the workbook has no sheet called %(sheet)s; it has %(sheets)s"),
    "unknown_format": N_(
        "cannot tell the format of %(file)s; give format: csv, xlsx, json, jsonl or ftm in "
        "the profile"
    ),
    "missing_headings": N_(
        "the profile names headings the file lacks: %(missing)s; the file's headings are: "
        "%(present)s"
    ),
    "duplicate_heading": N_(
        "the heading %(heading)s appears more than once (columns %(columns)s); the profile "
        'cannot tell which to use — refer to one by position, e.g. "#%(first)s"'
    ),
    "bad_profile": N_("profile: %(text)s"),
    "protected_needs_key": N_(
        "the file holds protected identities (victims or witnesses); they are sealed in the "
        "vault, which needs the master key (AMANAT_MASTER_KEY_FILE)"
    ),
    "organisation_mismatch": N_(
        "the profile is for organisation %(profile)s, but user %(user)s belongs to %(actual)s"
    ),
    # A marking the register refuses: "marking: tlp 'X' is not a code of ..."; its
    # text is put together from ``field``, ``value`` and the register's ``reason``.
    "marking": N_("marking: %(text)s"),
}


def render(code: str, params: Mapping[str, object], lang: str = "en") -> str:
    """The problem ``code`` with ``params`` filled in, in ``lang``."""
    if code in REASONS:
        return said(code, params, lang)
    values = shown(params, lang)
    given = params.get("params")
    if code == "marking" and isinstance(given, Mapping):
        value = f" {params['value']!r}" if "value" in params else ""
        reason = said(str(params["reason"]), given, lang)
        values["text"] = f"{params['field']}{value} {reason}"
    return i18n.gettext(lang, MESSAGES[code]) % values


class Invalid(ValueError):
    """A value that cannot be taken, as a message code and its parameters."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(render(code, params))


@dataclass(frozen=True)
class RowError:
    """One bad cell: where it is (row as numbered in the file, column heading), what it
    holds, and why it cannot be imported."""

    row: int
    column: str
    value: str
    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def reason(self, lang: str = "en") -> str:
        return render(self.code, self.params, lang)


class IntakeError(Exception):
    """The file or the profile cannot be imported at all; nothing was written."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(render(code, params))

    def message(self, lang: str = "en") -> str:
        return render(self.code, self.params, lang)


def shown_value(value: object, limit: int = 200) -> str:
    """A cell's value as it is listed in an error: text, cut short if very long."""
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"

"""Mapping profiles: which column of a file goes to which register field, and how its
values are written.  Profiles are YAML, written once per source system and kept (see
docs/intake.md); ``--suggest-profile`` drafts one from a file.

A profile with one kind of record::

    amanat_profile: 1
    kind: person
    id: "Номер"                      # the column with the agency's own record id
    marking: {tlp: AMBER, handling: H1, reliability: B, credibility: "2"}
    dates: [dd.mm.yyyy, yyyy]
    columns:
      "Фамилия": name.family
      "Пол": {field: sex, values: {"муж.": male, "жен.": female}}
      "Гражданство": {field: citizenship, split: ","}

A file holding several kinds (a FollowTheMoney stream) lists ``sections``, each with
its own ``kind``, ``id``, ``when`` (which rows) and ``columns``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from amanat.intake.problems import IntakeError
from amanat.intake.readers import FORMATS, ReadOptions
from amanat.intake.values import DEFAULT_DATE_FORMATS, NumberFormat, valid_date_format

MARKING_FIELDS = ("tlp", "handling", "reliability", "credibility", "source_kind", "distribution")
_TOP = frozenset(
    {"amanat_profile", "name", "format", "sheet", "encoding", "delimiter", "header"}
    | {"records_path", "organisation", "marking", "numbers", "dates", "sections"}
    | {"kind", "id", "columns", "set", "when", "protected"}
)
_SECTION = frozenset({"kind", "id", "columns", "set", "when", "protected"})
_COLUMN = frozenset({"field", "values", "dates", "split", "set", "pattern"})


@dataclass(frozen=True)
class ColumnRule:
    """One source column: its heading (or key, or "#3" for the third column) and
    where its values go."""

    heading: str
    target: str
    values: Mapping[str, str | None] = field(default_factory=dict)
    dates: tuple[str, ...] | None = None
    split: str | None = None
    constants: Mapping[str, object] = field(default_factory=dict)
    pattern: str | None = None  # a regular expression: its group is the value


@dataclass(frozen=True)
class Section:
    kind: str
    columns: tuple[ColumnRule, ...]
    id_column: str | None = None
    constants: Mapping[str, object] = field(default_factory=dict)
    # Which rows: each (column, values) holds (a list of them: all hold).
    when: tuple[tuple[str, frozenset[str]], ...] = ()
    protected: str | None = None  # "victim" or "witness": persons sealed in the vault


@dataclass(frozen=True)
class Marking:
    """The provenance marking every imported record gets (the register's defaults
    for what is not given)."""

    tlp: str = "AMBER"
    handling: str = "H0"
    reliability: str = "F"
    credibility: str = "6"
    source_kind: str = "agency_record"
    distribution: str = "owner"
    group: str | None = None

    def replaced(self, **given: str | None) -> Marking:
        values = {**self.__dict__, **{k: v for k, v in given.items() if v is not None}}
        return Marking(**values)


@dataclass(frozen=True)
class Profile:
    sections: tuple[Section, ...]
    read: ReadOptions = field(default_factory=ReadOptions)
    marking: Marking = field(default_factory=Marking)
    numbers: NumberFormat = field(default_factory=NumberFormat)
    dates: tuple[str, ...] = DEFAULT_DATE_FORMATS
    organisation: str | None = None
    name: str = ""


def _fail(text: str) -> IntakeError:
    return IntakeError("bad_profile", text=text)


def _mapping(where: str, raw: object) -> Mapping[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise _fail(f"{where} must be a mapping")
    return raw


def _text(where: str, raw: object) -> str:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise _fail(f"{where}: {raw!r} is not text")
    return str(raw)


def _dates(where: str, raw: object) -> tuple[str, ...]:
    formats = tuple(_text(where, f) for f in (raw if isinstance(raw, list) else [raw]))
    for date_format in formats:
        if not valid_date_format(date_format):
            raise _fail(f"{where}: {date_format!r} is not a date format like dd.mm.yyyy or yyyy")
    return formats


def _unknown(where: str, raw: Mapping[str, Any], known: frozenset[str]) -> None:
    extra = sorted(set(raw) - known)
    if extra:
        raise _fail(f"{where}: unknown keys {', '.join(map(str, extra))}")


def _column(heading: str, raw: object) -> ColumnRule:
    where = f"columns.{heading}"
    if isinstance(raw, str):
        return ColumnRule(heading, raw)
    spec = _mapping(where, raw)
    _unknown(where, spec, _COLUMN)
    if "field" not in spec:
        raise _fail(f"{where}: says no field")
    values = _mapping(f"{where}.values", spec.get("values"))
    split = spec.get("split")
    pattern = None if spec.get("pattern") is None else _text(f"{where}.pattern", spec["pattern"])
    if pattern is not None:
        try:
            groups = re.compile(pattern).groups
        except re.error as exc:
            raise _fail(
                f"{where}.pattern: {pattern!r} is not a regular expression: {exc}"
            ) from None
        if groups != 1:
            raise _fail(f"{where}.pattern: {pattern!r} must have one group, the value")
    return ColumnRule(
        heading=heading,
        target=_text(f"{where}.field", spec["field"]),
        # YAML reads an unquoted "да" as text but "yes" as true: keys are compared as text.
        values={
            str(k): None if v is None else _text(f"{where}.values", v) for k, v in values.items()
        },
        dates=_dates(f"{where}.dates", spec["dates"]) if "dates" in spec else None,
        split=None if split is None or split is False else ("" if split is True else str(split)),
        constants=dict(_mapping(f"{where}.set", spec.get("set"))),
        pattern=pattern,
    )


def _condition(where: str, raw: object) -> tuple[str, frozenset[str]]:
    spec = _mapping(where, raw)
    if set(spec) != {"column", "values"}:
        raise _fail(f"{where} needs column and values")
    accepted = spec["values"] if isinstance(spec["values"], list) else [spec["values"]]
    return _text(where, spec["column"]), frozenset(str(v) for v in accepted)


def _section(where: str, raw: Mapping[str, Any]) -> Section:
    if "kind" not in raw:
        raise _fail(f"{where}: says no kind of record")
    columns = _mapping(f"{where}.columns", raw.get("columns"))
    if not columns:
        raise _fail(f"{where}: maps no columns")
    given = raw.get("when")
    conditions = given if isinstance(given, list) else [] if given is None else [given]
    when = tuple(_condition(f"{where}.when", c) for c in conditions)
    protected = raw.get("protected")
    if protected not in (None, "victim", "witness"):
        raise _fail(f"{where}.protected: {protected!r} is not victim or witness")
    return Section(
        kind=_text(f"{where}.kind", raw["kind"]),
        columns=tuple(_column(str(h), spec) for h, spec in columns.items()),
        id_column=None if raw.get("id") is None else _text(f"{where}.id", raw["id"]),
        constants=dict(_mapping(f"{where}.set", raw.get("set"))),
        when=when,
        protected=protected,
    )


def parse_profile(document: object, name: str = "") -> Profile:
    """A profile from its parsed YAML; raises ``IntakeError`` naming what is wrong."""
    raw = _mapping("the profile", document)
    _unknown("the profile", raw, _TOP)
    if raw.get("amanat_profile", 1) != 1:
        raise _fail(f"amanat_profile {raw.get('amanat_profile')!r} is not a version this reads")
    if "sections" in raw:
        if "kind" in raw or "columns" in raw:
            raise _fail("give either sections or kind and columns, not both")
        listed = raw["sections"]
        if not isinstance(listed, list) or not listed:
            raise _fail("sections must be a non-empty list")
        sections = tuple(_section(f"sections[{i}]", _mapping("", s)) for i, s in enumerate(listed))
    else:
        sections = (_section("the profile", {k: v for k, v in raw.items() if k in _SECTION}),)
    file_format = raw.get("format")
    if file_format is not None and file_format not in FORMATS:
        raise _fail(f"format {file_format!r} is not one of {', '.join(FORMATS)}")
    marking = _mapping("marking", raw.get("marking"))
    _unknown("marking", marking, frozenset(MARKING_FIELDS) | {"group"})
    numbers = _mapping("numbers", raw.get("numbers"))
    _unknown("numbers", numbers, frozenset({"decimal", "thousands"}))
    return Profile(
        sections=sections,
        read=ReadOptions(
            format=file_format,
            encoding=str(raw.get("encoding") or "auto"),
            delimiter=str(raw.get("delimiter") or "auto"),
            sheet=None if raw.get("sheet") is None else str(raw["sheet"]),
            header=bool(raw.get("header", True)),
            records_path=None if raw.get("records_path") is None else str(raw["records_path"]),
        ),
        marking=Marking().replaced(**{k: _text(f"marking.{k}", v) for k, v in marking.items()}),
        numbers=NumberFormat(
            decimal=None if numbers.get("decimal") is None else str(numbers["decimal"]),
            thousands=None if numbers.get("thousands") is None else str(numbers["thousands"]),
        ),
        dates=_dates("dates", raw["dates"]) if "dates" in raw else DEFAULT_DATE_FORMATS,
        organisation=None if raw.get("organisation") is None else str(raw["organisation"]),
        name=str(raw.get("name") or name),
    )


BUILT_IN = ("ftm",)


def load_profile(source: str | Path) -> Profile:
    """Read a profile file, or a built-in profile by name (``ftm``)."""
    from importlib import resources

    if str(source) in BUILT_IN:
        resource = resources.files("amanat.intake").joinpath(f"data/profiles/{source}.yaml")
        text, name = resource.read_text("utf-8"), str(source)
    else:
        path = Path(source)
        try:
            text, name = path.read_text(encoding="utf-8-sig"), path.name
        except (OSError, UnicodeDecodeError) as exc:
            raise _fail(f"cannot read {path}: {exc}") from None
    return read_profile(text, name)


def read_profile(text: str, name: str = "") -> Profile:
    """A profile from its YAML text (a file's, or one typed into the web app)."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _fail(f"{name or 'the profile'} is not valid YAML: {exc}") from None
    return parse_profile(document, name)

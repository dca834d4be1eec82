"""A profile section compiled against a file's headings: how each row becomes a draft
record, or a list of errors naming row, column, value and reason.

Compiling once per file does the lookups (heading positions, converters, targets) so
the work per row is a tight loop over the mapped columns; a million rows go through
it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from amanat.intake.convert import Converter, as_text, converter
from amanat.intake.fields import Target, model_of, resolve
from amanat.intake.problems import IntakeError, Invalid, RowError, shown_value
from amanat.intake.profile import ColumnRule, Profile, Section
from amanat.intake.readers import SourceRow
from amanat.intake.values import lookup_key
from amanat.names.dates import PartialDate

Getter = Callable[[Any], object]
# What an error shows instead of a cell of a protected identity: error lists are
# printed and saved, and a victim's name must appear in neither.
PROTECTED = "[protected]"
MAX_ID_LENGTH = 128


class Draft:
    """One record as read from a row, before it is written: its own values, its parts
    (names, documents ...), and for a protected person the identity to seal."""

    __slots__ = ("birth", "external_id", "identity", "identity_birth", "parts", "row", "values")

    def __init__(self, row: int, external_id: str | None) -> None:
        self.row = row
        self.external_id = external_id
        self.values: dict[str, object] = {}
        self.parts: dict[str, list[dict[str, object]]] = {}
        self.identity: dict[str, list[dict[str, object]]] = {}
        self.birth: PartialDate | None = None
        self.identity_birth: PartialDate | None = None

    @property
    def has_identity(self) -> bool:
        return bool(self.identity) or self.identity_birth is not None


# Where a converted value goes.
TO_RECORD, TO_BIRTH, TO_IDENTITY_BIRTH, TO_PART = range(4)
InstanceKey = tuple[str, bool, int, int]


@dataclass(frozen=True)
class MappedColumn:
    heading: str
    get: Getter
    convert: Converter
    target: Target
    split: str | None
    constants: Mapping[str, object]
    index: int  # position in a row of cells; -1 for keyed rows
    sink: int
    field: str  # the register column written ("" for a birth date)
    part_key: InstanceKey | None


def _sink(target: Target) -> int:
    if target.part is not None:
        return TO_PART
    if target.column is None:
        return TO_IDENTITY_BIRTH if target.identity else TO_BIRTH
    return TO_RECORD


def _position(table_headings: Sequence[str], heading: str) -> int | None:
    if heading.startswith("#") and heading[1:].isdigit():
        return int(heading[1:]) - 1
    wanted = lookup_key(heading)
    found = [i for i, h in enumerate(table_headings) if lookup_key(h) == wanted]
    if not found:
        return None
    if len(found) > 1:
        raise IntakeError(
            "duplicate_heading",
            heading=heading,
            columns=", ".join(str(i + 1) for i in found),
            first=found[0] + 1,
        )
    return found[0]


def _getter(table_headings: Sequence[str], keyed: bool, heading: str) -> Getter | None:
    if keyed:
        return lambda cells: cells.get(heading)
    index = _position(table_headings, heading)
    if index is None:
        return None
    return lambda cells: cells[index] if index < len(cells) else None


def _protected(target: Target, section: Section) -> Target:
    """In a section of protected persons every part of the identity is sealed."""
    if section.protected and section.kind == "person" and (target.part or target.column is None):
        return Target(**{**target.__dict__, "identity": True})
    return target


class RowPlan:
    """Turns rows of one table into drafts of one kind of record."""

    def __init__(
        self, section: Section, profile: Profile, headings: Sequence[str], keyed: bool
    ) -> None:
        self.section = section
        self.keyed = keyed
        self.headings = headings
        self.kind = section.kind
        self.model = model_of(section.kind)
        self.table = str(self.model.__tablename__)
        missing: list[str] = []
        self.columns: list[MappedColumn] = []
        for rule in section.columns:
            get = _getter(headings, keyed, rule.heading)
            if get is None:
                missing.append(rule.heading)
                continue
            self.columns.append(self._mapped(rule, get, profile))
        self.id_get = self._id_getter(headings, keyed, missing)
        if missing:
            raise IntakeError(
                "missing_headings",
                missing=", ".join(repr(m) for m in missing),
                present=", ".join(repr(h) for h in headings),
            )
        self.when: list[tuple[Getter, frozenset[str]]] | None = None
        for column, accepted in section.when:
            when_get = _getter(headings, keyed, column)
            if when_get is None:
                raise IntakeError("missing_headings", missing=repr(column), present="")
            self.when = [*(self.when or []), (when_get, accepted)]
        self.constants = self._constants(profile)
        self.heading_of = {c.target.text: c.heading for c in self.columns}

    def _mapped(self, rule: ColumnRule, get: Getter, profile: Profile) -> MappedColumn:
        try:
            target = _protected(resolve(self.kind, rule.target), self.section)
        except IntakeError as exc:
            raise IntakeError("bad_profile", text=f"columns.{rule.heading}: {exc}") from None
        if rule.split is not None and target.part is None:
            raise IntakeError(
                "bad_profile", text=f"columns.{rule.heading}: only a part can take several values"
            )
        convert = converter(target, rule.values, rule.dates or profile.dates, profile.numbers)
        if rule.pattern is not None:
            convert = _matched(rule.pattern, convert)
        constants = {
            key: self._constant(f"columns.{rule.heading}.set", target, key, value, profile)
            for key, value in rule.constants.items()
        }
        index = -1 if self.keyed else _position(self.headings, rule.heading)
        part_key = None
        if target.part is not None:
            part_key = (target.part, target.identity, target.instance, 0)
        return MappedColumn(
            heading=rule.heading,
            get=get,
            convert=convert,
            target=target,
            split=rule.split,
            constants=constants,
            index=-1 if index is None else index,
            sink=_sink(target),
            field="" if target.column is None else target.column.key,
            part_key=part_key,
        )

    def _constant(
        self, where: str, near: Target, key: str, value: object, profile: Profile
    ) -> object:
        name = f"{near.text.split('.')[0]}.{key}" if near.part else key
        target = resolve(self.kind, name)
        try:
            return converter(target, {}, profile.dates, profile.numbers)(value)
        except Invalid as exc:
            raise IntakeError("bad_profile", text=f"{where}.{key}: {value!r} {exc}") from None

    def _constants(self, profile: Profile) -> dict[str, object]:
        found: dict[str, object] = {}
        for key, value in self.section.constants.items():
            target = resolve(self.kind, key)
            if target.part is not None or target.column is None:
                raise IntakeError("bad_profile", text=f"set.{key}: only a record's own field")
            found[target.column.key] = self._constant("set", target, key, value, profile)
        return found

    def _id_getter(self, headings: Sequence[str], keyed: bool, missing: list[str]) -> Getter | None:
        if self.section.id_column is None:
            return None
        get = _getter(headings, keyed, self.section.id_column)
        if get is None:
            missing.append(self.section.id_column)
        return get

    def wants(self, row: SourceRow) -> bool:
        if self.when is None:
            return True
        return all(_holds(get(row.cells), accepted) for get, accepted in self.when)

    def draft(self, row: SourceRow, errors: list[RowError]) -> Draft | None:
        """The row as a draft record; ``None`` (and ``errors`` appended) if it cannot be.

        The hot loop of an import: kept flat, with the common case (one value for one
        field) first."""
        number, cells = row
        if self.keyed and isinstance(cells, Mapping) and "" in cells and len(cells) == 1:
            errors.append(RowError(number, "", shown_value(cells[""]), "not_a_record"))
            return None
        failed = False
        draft = Draft(number, self._external_id(row, errors) if self.id_get else None)
        values = draft.values
        instances: dict[InstanceKey, dict[str, object]] = {}
        width = -1 if self.keyed else len(cells)
        for column in self.columns:
            if width < 0:
                raw = cells.get(column.heading)  # type: ignore[union-attr]
            else:
                raw = cells[column.index] if column.index < width else None  # type: ignore[index]
            if raw is None or raw == "" or (type(raw) is str and raw.isspace()):
                continue
            if column.split is not None or type(raw) is list:
                failed = self._pieces(number, column, raw, draft, instances, errors) or failed
                continue
            try:
                value = column.convert(raw)
            except Invalid as exc:
                shown = PROTECTED if column.target.identity else shown_value(raw)
                errors.append(RowError(number, column.heading, shown, exc.code, exc.params))
                failed = True
                continue
            if value is None:
                continue
            sink = column.sink
            if sink == TO_RECORD:
                values[column.field] = value
            elif sink == TO_PART:
                key = column.part_key
                assert key is not None
                instance = instances.get(key)
                if instance is None:
                    instance = instances[key] = dict(column.constants)
                instance[column.field] = value
            elif sink == TO_BIRTH:
                draft.birth = value  # type: ignore[assignment]
            else:
                draft.identity_birth = value  # type: ignore[assignment]
        if failed or (self.id_get is not None and draft.external_id is None):
            return None
        if instances:
            for (part, identity, _, _), instance in sorted(instances.items(), key=_order):
                (draft.identity if identity else draft.parts).setdefault(part, []).append(instance)
        for name, constant in self.constants.items():
            values.setdefault(name, constant)
        return draft

    def _pieces(
        self,
        number: int,
        column: MappedColumn,
        raw: object,
        draft: Draft,
        instances: dict[InstanceKey, dict[str, object]],
        errors: list[RowError],
    ) -> bool:
        """Several values in one cell (a split column, or a list in a JSON record);
        True if any of them failed."""
        failed = False
        for piece_number, piece in _pieces(raw, column.split):
            try:
                value = column.convert(piece)
            except Invalid as exc:
                shown = PROTECTED if column.target.identity else shown_value(piece)
                errors.append(RowError(number, column.heading, shown, exc.code, exc.params))
                failed = True
                continue
            if value is not None:
                _put(draft, instances, column, piece_number, value)
        return failed

    def _external_id(self, row: SourceRow, errors: list[RowError]) -> str | None:
        if self.id_get is None:
            return None
        heading = self.section.id_column or ""
        raw = self.id_get(row.cells)
        try:
            text = "" if raw is None else as_text(raw)
        except Invalid as exc:
            errors.append(RowError(row.number, heading, shown_value(raw), exc.code, exc.params))
            return None
        if not text:
            errors.append(RowError(row.number, heading, "", "required"))
        elif len(text) > MAX_ID_LENGTH:
            errors.append(
                RowError(row.number, heading, text, "too_long", {"length": MAX_ID_LENGTH})
            )
        return text or None


def _holds(value: object, accepted: frozenset[str]) -> bool:
    if isinstance(value, list):  # an FtM property: any of its values
        return any(isinstance(v, str) and v.strip() in accepted for v in value)
    return as_text(value or "") in accepted


def _matched(pattern: str, convert: Converter) -> Converter:
    """A column's ``pattern``: the value is what its group matches ("VIN (.+)"); a
    cell it does not match says nothing."""
    regex = re.compile(pattern)

    def matched(value: object) -> object:
        found = regex.fullmatch(as_text(value))
        return None if found is None else convert(found.group(1))

    return matched


def _pieces(raw: object, split: str | None) -> list[tuple[int, object]]:
    """The values of a cell with their positions in it: the n-th values of several
    columns (an FtM entity's documents: numbers, types, countries) make one part,
    even where one of them is empty."""
    if isinstance(raw, list):
        if split is None and len(raw) > 1:
            return [(0, raw)]  # refused by the converter: one field, several values
        return [(i, item) for i, item in enumerate(raw) if item not in (None, "")]
    if split is None:
        return [(0, raw)]
    text = as_text(raw)
    parts = text.split(split) if split else text.split()
    return [(i, part.strip()) for i, part in enumerate(parts) if part.strip()]


def _put(
    draft: Draft,
    instances: dict[tuple[str, bool, int, int], dict[str, object]],
    column: MappedColumn,
    number: int,
    value: object,
) -> None:
    target = column.target
    if target.part is None:
        if target.column is None:
            if target.identity:
                draft.identity_birth = value  # type: ignore[assignment]
            else:
                draft.birth = value  # type: ignore[assignment]
        else:
            draft.values[target.column.key] = value
        return
    assert target.column is not None
    key = (target.part, target.identity, target.instance, number)
    instance = instances.get(key)
    if instance is None:
        instance = instances[key] = dict(column.constants)
    instance[target.column.key] = value


def _order(item: tuple[tuple[str, bool, int, int], dict[str, object]]) -> tuple[int, int]:
    return item[0][2], item[0][3]

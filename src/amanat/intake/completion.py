"""A draft made whole and checked across fields, as the register checks at flush.

The register's cross-field checks (``check_record`` on the models: a day without a
month, a case closed before it opened, a sentence on a stage that is not a sentence)
only read attributes, so they run here on a plain namespace holding the draft's
values and the columns' defaults, without building ORM objects for each row.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from sqlalchemy.orm import class_mapper
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from amanat.intake.fields import parent_column
from amanat.intake.naming import full_name, script_code
from amanat.intake.plan import Draft, RowPlan
from amanat.intake.problems import RowError, shown_value
from amanat.register import Base, InvalidValue, Person
from amanat.register.system import system_fields

Check = Callable[[Any], None]


@cache
def defaults(model: type[Base]) -> dict[str, object]:
    """The scalar defaults the register gives unset columns (``status='reported'``)."""
    found: dict[str, object] = {}
    for column in Base.metadata.tables[str(model.__tablename__)].columns:
        default = column.default
        if isinstance(default, ScalarElementColumnDefault):
            found[column.key] = default.arg
    return found


@cache
def blank(model: type[Base]) -> dict[str, object]:
    """Every column of ``model``, at its default or empty: what a check may read."""
    columns = Base.metadata.tables[str(model.__tablename__)].columns
    return {**{c.key: None for c in columns}, **defaults(model)}


@cache
def required(model: type[Base], parent: str | None) -> tuple[str, ...]:
    """Columns a row must give: not nullable, no default, not set by the import."""
    return tuple(
        c.key
        for c in Base.metadata.tables[str(model.__tablename__)].columns
        if not c.nullable
        and not c.primary_key
        and c.default is None
        and c.server_default is None
        and c.key not in system_fields(model)
        and c.key != parent
    )


@cache
def part_models(owner: type[Base]) -> dict[str, tuple[type[Base], str]]:
    found: dict[str, tuple[type[Base], str]] = {}
    for relation in class_mapper(owner).relationships:
        if relation.uselist:
            child = relation.mapper.class_
            try:
                found[relation.key] = (child, parent_column(child, str(owner.__tablename__)))
            except LookupError:
                continue
    return found


def _record_check(model: type[Base]) -> Check | None:
    check = getattr(model, "check_record", None)
    return check if callable(check) else None


class _PartRules:
    """What a part (a name, a document) must hold, worked out once per import."""

    def __init__(self, model: type[Base], parent: str) -> None:
        self.required = required(model, parent)
        self.check = _record_check(model)
        self.blank = blank(model)


class _Record:
    """A draft's values read as a record's attributes, the columns' defaults behind
    them: what a check reads, without copying every column for every row."""

    __slots__ = ("_defaults", "_values")

    def __init__(self, values: dict[str, object], defaults: dict[str, object]) -> None:
        self._values = values
        self._defaults = defaults

    def __getattr__(self, name: str) -> object:
        try:
            return self._values[name]
        except KeyError:
            pass
        try:
            return self._defaults[name]
        except KeyError:
            raise AttributeError(name) from None


class Completion:
    """Finish and check drafts of one plan."""

    def __init__(self, plan: RowPlan) -> None:
        self.plan = plan
        self.model = plan.model
        self.defaults = blank(self.model)
        self.required = required(self.model, None)
        self.check = _record_check(self.model)
        self.parts = {r: _PartRules(*found) for r, found in part_models(self.model).items()}
        self.person_parts = {r: _PartRules(*found) for r, found in part_models(Person).items()}

    def complete(self, draft: Draft, errors: list[RowError]) -> bool:
        """Fill what follows from the row and check it; False if errors were added."""
        before = len(errors)
        for instances in (draft.parts.get("names"), draft.identity.get("names")):
            for name in instances or ():
                _complete_name(name)
        if draft.birth is not None:
            values = draft.values
            values["birth_year"] = draft.birth.year
            values["birth_month"] = draft.birth.month
            values["birth_day"] = draft.birth.day
        for key in self.required:
            if draft.values.get(key) is None and not self._linked(key, draft):
                errors.append(RowError(draft.row, self._heading(key, None), "", "required"))
        if len(errors) == before and self.check is not None:
            self._run(self.check, _Record(draft.values, self.defaults), draft, errors, None)
        for relation, instances in draft.parts.items():
            self._check_parts(self.parts[relation], relation, instances, draft, errors)
        if draft.identity:
            for relation, instances in draft.identity.items():
                self._check_parts(self.person_parts[relation], relation, instances, draft, errors)
        if draft.identity_birth is not None and len(errors) == before:
            birth = draft.identity_birth
            values = {"birth_year": birth.year, "birth_month": birth.month, "birth_day": birth.day}
            self._run(Person.check_record, _Record(values, blank(Person)), draft, errors, None)
        return len(errors) == before

    def _linked(self, key: str, draft: Draft) -> bool:
        # A victim's person is the protected person the import creates from the row.
        return key == "person_id" and draft.has_identity

    def _check_parts(
        self,
        rules: _PartRules,
        relation: str,
        instances: list[dict[str, object]],
        draft: Draft,
        errors: list[RowError],
    ) -> None:
        for instance in instances:
            missing = [k for k in rules.required if instance.get(k) is None]
            for key in missing:
                errors.append(RowError(draft.row, self._heading(key, relation), "", "required"))
            if not missing and rules.check is not None:
                self._run(rules.check, _Record(instance, rules.blank), draft, errors, relation)

    def _run(
        self,
        check: Check,
        record: _Record,
        draft: Draft,
        errors: list[RowError],
        relation: str | None,
    ) -> None:
        try:
            check(record)
        except InvalidValue as exc:
            column = exc.field.rsplit(".", 1)[-1]
            heading = self._heading(column, relation)
            code, params = (
                ("check", {"text": exc.reason})
                if exc.unfit is None
                else (
                    exc.unfit.code,
                    exc.unfit.params,
                )
            )
            errors.append(RowError(draft.row, heading, shown_value(exc.value), code, params))

    def _heading(self, key: str, relation: str | None) -> str:
        """The file's heading for a register column, to point the person at the cell."""
        for column in self.plan.columns:
            target = column.target
            if target.part == relation and (
                (target.column is not None and target.column.key == key)
                or (target.column is None and key.startswith("birth"))
            ):
                return column.heading
        return f"{relation}.{key}" if relation else key


def _complete_name(name: dict[str, object]) -> None:
    if name.get("full_name") is None:
        name["full_name"] = full_name(name.get("family"), name.get("given"), name.get("patronymic"))
    text = name.get("full_name")
    if name.get("script") is None and isinstance(text, str):
        name["script"] = script_code(text)

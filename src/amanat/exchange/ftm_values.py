"""A property's values read from a row, as the FtM mapping (``data/ftm.yaml``) says:
its value specs compiled once into small functions, so a million rows cost one call
per property each.

A getter takes the record's row (a plain tuple of the columns its kind reads), the
rows of its parts by part name, and the id of the organisation that asserts it; it
returns the property's values in FtM's clean form (by the property's type), or an
empty list.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from followthemoney.types import registry

from amanat.vocab import vocabulary

Row = Sequence[Any]
Parts = Mapping[str, Sequence[Row]]
Getter = Callable[[Row, Parts, int], list[str]]
One = Callable[[Row, int], str | None]  # one value from one row (a record's or a part's)
# (kind, record id, organisation of the row pointing at it) → the entity id, or None
# when that record is not in the output.
EntityRef = Callable[[str, int, int], str | None]


class MappingError(ValueError):
    """The mapping file says something this reader cannot do."""


class Columns:
    """The columns a kind reads, per table: ``None`` for the record's own, else the
    part's name.  A position never changes once given, so specs compile as they are
    read.  A part's rows start with the id of the record they belong to."""

    def __init__(self, parts: Mapping[str, str]) -> None:
        self.parts = parts  # part name → the column linking it to its record
        self.wanted: dict[str | None, list[str]] = {None: ["id"]}
        for part, parent in parts.items():
            self.wanted[part] = [parent, "id"]

    def at(self, part: str | None, column: str) -> int:
        if part is not None and part not in self.parts:
            raise MappingError(f"no part {part!r}")
        names = self.wanted[part]
        if column not in names:
            names.append(column)
        return names.index(column)


class PartColumns:
    """The columns of one part seen as a record's own: the entities made of a
    person's parts (documents, addresses) read the part's rows."""

    def __init__(self, columns: Columns, part: str) -> None:
        self.columns = columns
        self.part = part

    def at(self, part: str | None, column: str) -> int:
        if part is not None:
            raise MappingError(f"a part's entity has no parts ({part!r})")
        return self.columns.at(self.part, column)


def _text(value: Any) -> str:
    return value if type(value) is str else str(value)


def _date(value: Any) -> str:
    # PostgreSQL gives dates; SQLite's driver the ISO text it stores.
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def clean_phone(value: Any) -> str | None:
    number = str(value)
    digits = "".join(c for c in number if c.isdigit())
    if not number.strip().startswith("+") or not 8 <= len(digits) <= 15:
        return None  # no country code: FtM cannot place it, and neither can a reader
    cleaned: str | None = registry.phone.clean("+" + digits)
    return cleaned


CLEAN: dict[str, Callable[[Any], str | None]] = {
    "country": lambda value: str(value).lower(),
    "date": _date,
    "phone": clean_phone,
}


def partial_date(year: Any, month: Any, day: Any) -> str | None:
    if not year:
        return None
    text = f"{int(year):04d}"
    if month:
        text += f"-{int(month):02d}"
        if day:
            text += f"-{int(day):02d}"
    return text


class Compiler:
    """Compiles the value specs of one kind against its ``Columns``."""

    def __init__(self, columns: Columns | PartColumns, entity: EntityRef) -> None:
        self.columns = columns
        self.entity = entity

    def getter(self, spec: Any, type_name: str = "string") -> Getter:
        """The values of a property of FtM type ``type_name``."""
        if isinstance(spec, str):
            spec = {"column": spec}
        if not isinstance(spec, Mapping):
            raise MappingError(f"{spec!r} is not a value spec")
        if "first" in spec:
            choices = [self.getter(s, type_name) for s in spec["first"]]
            return _first(choices)
        if "part" in spec:
            return self._part(spec, type_name)
        one = self.one(spec, None, type_name)
        return lambda row, parts, org: [v] if (v := one(row, org)) is not None else []

    def _part(self, spec: Mapping[str, Any], type_name: str) -> Getter:
        part = str(spec["part"])
        one = self.one(spec, part, type_name)
        keep = _filter(self.columns, part, spec)
        pick = spec.get("pick")
        if pick is not None:
            keep = _pick(self.columns, part, str(pick), keep)

        def values(row: Row, parts: Parts, org: int) -> list[str]:
            found = [one(r, org) for r in keep(parts.get(part, ()))]
            return [v for v in found if v is not None]

        return values

    def one(self, spec: Mapping[str, Any], part: str | None, type_name: str = "string") -> One:
        """One value from a row of the record (``part`` None) or of one part."""
        raw = self._raw(spec, part)
        if "values" in spec:
            table = {str(k): str(v) for k, v in spec["values"].items()}
            inner = raw
            raw = lambda row, org: table.get(v) if (v := inner(row, org)) is not None else None  # noqa: E731
        if "except" in spec:
            dropped = frozenset(str(c) for c in spec["except"])
            inner_except = raw
            raw = lambda row, org: None if (v := inner_except(row, org)) in dropped else v  # noqa: E731
        if "label" in spec:
            labels = {t.code: t.label("en") for t in vocabulary(str(spec["label"]))}
            inner_label = raw
            raw = lambda row, org: labels.get(v) if (v := inner_label(row, org)) else None  # noqa: E731
        if "template" in spec:
            raw = _template(str(spec["template"]), raw, self.columns.at(part, "id"))
        if "entity" in spec:
            kind, entity = str(spec["entity"]), self.entity
            inner_ref = raw
            return lambda row, org: (
                entity(kind, int(v), org) if (v := inner_ref(row, org)) is not None else None
            )
        clean = CLEAN.get(type_name)
        if clean is None:
            return raw
        inner_clean = raw
        return lambda row, org: clean(v) if (v := inner_clean(row, org)) is not None else None

    def _raw(self, spec: Mapping[str, Any], part: str | None) -> Callable[[Row, int], Any]:
        at = self.columns.at
        if "date" in spec:
            y, m, d = (at(part, c) for c in spec["date"])
            return lambda row, org: partial_date(row[y], row[m], row[d])
        if "columns" in spec:
            positions = [at(part, c) for c in spec["columns"]]
            join = str(spec.get("join", " "))
            return lambda row, org: (
                join.join(_text(row[i]) for i in positions if row[i] not in (None, "")) or None
            )
        if "column" in spec:
            i = at(part, str(spec["column"]))
            return lambda row, org: None if (v := row[i]) is None or v == "" else v
        if "template" in spec:
            return lambda row, org: ""  # a template of the record id alone
        raise MappingError(f"{dict(spec)!r} says no column")


def _first(choices: list[Getter]) -> Getter:
    def first(row: Row, parts: Parts, org: int) -> list[str]:
        for choice in choices:
            found = choice(row, parts, org)
            if found:
                return found
        return []

    return first


def _template(text: str, raw: Callable[[Row, int], Any], id_at: int) -> Callable[[Row, int], Any]:
    def fill(row: Row, org: int) -> str | None:
        value = raw(row, org)
        if value is None:
            return None
        return text.format(value=value, id=row[id_at])

    return fill


PartFilter = Callable[[Sequence[Row]], Sequence[Row]]


def _filter(columns: Columns | PartColumns, part: str, spec: Mapping[str, Any]) -> PartFilter:
    """``where``/``unless``: keep the part's rows whose column holds (or does not hold)
    one of the codes."""
    rules = [(columns.at(part, c), frozenset(v), True) for c, v in spec.get("where", {}).items()]
    rules += [(columns.at(part, c), frozenset(v), False) for c, v in spec.get("unless", {}).items()]
    if not rules:
        return lambda rows: rows
    return lambda rows: [
        r for r in rows if all((r[i] in codes) == keep for i, codes, keep in rules)
    ]


def _pick(columns: Columns | PartColumns, part: str, pick: str, keep: PartFilter) -> PartFilter:
    """A person's names: the primary name (else the first), or the others."""
    if pick not in ("primary", "others"):
        raise MappingError(f"pick {pick!r} is not primary or others")
    kind, full = columns.at(part, "kind"), columns.at(part, "full_name")

    def primary(rows: Sequence[Row]) -> Row | None:
        named = [r for r in keep(rows) if r[full]]
        return next((r for r in named if r[kind] == "primary"), named[0] if named else None)

    if pick == "primary":
        return lambda rows: [] if (p := primary(rows)) is None else [p]

    def others(rows: Sequence[Row]) -> Sequence[Row]:
        chosen = primary(rows)
        return [r for r in keep(rows) if r[full] and r is not chosen]

    return others

"""A property's values read from a row, as the FtM mapping (``data/ftm.yaml``) says:
its value specs compiled once into small functions, so a million rows cost one call
per property each.

A getter takes the record's row (a plain tuple of the columns its kind reads), the
views of its parts (``Compiler.view``: the rows of a part a spec reads), and the id
of the organisation that asserts it; it returns the property's values in FtM's
clean form (by the property's type), or an empty list.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from amanat.names.phones import phone_key
from amanat.vocab import vocabulary

Row = Sequence[Any]
Views = Sequence[Sequence[Row]]  # a record's part rows, as its kind's views keep them
Getter = Callable[[Row, Views, int], list[str]]
PartFilter = Callable[[Sequence[Row]], Sequence[Row]]
One = Callable[[Row, int], str | None]  # one value from one row (a record's or a part's)
# (record id, organisation of the row pointing at it) → the id of the entity of that
# record, or None when that record is not in the output; an ``EntityRef`` gives the
# one of each kind of record.
Reference = Callable[[int, int], str | None]
EntityRef = Callable[[str], Reference]


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


def clean_phone(value: Any, written_in: str | None = None) -> str | None:
    """A phone number in E.164, read as linkage reads it (``amanat.names.phones``):
    written internationally, else as a number of ``written_in`` (the country of the
    organisation that recorded it); None when neither makes it a valid number."""
    return phone_key(str(value), (written_in,) if written_in else ())


CLEAN: dict[str, Callable[[Any], str | None]] = {
    "country": lambda value: (value if value.__class__ is str else str(value)).lower(),
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


PLAIN = frozenset({"column", "part", "pick", "where", "unless"})
# The specs written out as code (``Compiler.code``); the rest call a getter.
INLINE = PLAIN | {"values", "except", "label", "entity"}


def _plain(value: Any) -> str:
    return value if type(value) is str else str(value)


class Compiler:
    """Compiles the value specs of one kind against its ``Columns``.

    Specs that read parts share their views of them: the primary name is picked
    once per person, however many properties (name, firstName ...) read it."""

    def __init__(
        self,
        columns: Columns | PartColumns,
        entity: EntityRef,
        countries: Mapping[int, str | None] | None = None,
    ) -> None:
        self.columns = columns
        self.entity = entity
        # Organisation id → its country: where a phone written without its country
        # code was written.  Filled as the organisations are read.
        self.countries = {} if countries is None else countries
        self.parts = list(columns.parts) if isinstance(columns, Columns) else []
        # (index of the part, the rows of it kept), shared by key
        self.views: list[tuple[int, PartFilter | None]] = []
        self.single: list[bool] = []  # a view of one row at most (a primary name)
        # the view in the common case (one row, no filter), as code on the rows ``p``
        self.fast: list[str | None] = []
        self._views: dict[str, int] = {}
        self.namespace: dict[str, Any] = {}  # what generated code calls

    def code(self, name: str, spec: Any, type_name: str) -> list[str]:
        """Lines of Python that put property ``name``'s values in ``found``, reading
        ``row``, the views ``V0``, ``V1`` ... and ``org``: one ``if``/``elif`` per
        choice, the plain cases inline, the rest through the getter functions.  A
        million rows make every call and every empty list count."""
        return [
            f"{'el' if n else ''}if {condition}: found[{name!r}] = {values}"
            for n, (condition, values) in enumerate(self.choices(spec, type_name))
        ]

    def choices(self, spec: Any, type_name: str) -> list[tuple[str, str]]:
        """(condition, values) of each choice of a spec, in order (``first``): the
        condition holds when the choice gives values, and leaves them to ``values``."""
        if isinstance(spec, str):
            spec = {"column": spec}
        if isinstance(spec, Mapping) and "first" in spec:
            return [c for choice in spec["first"] for c in self.choices(choice, type_name)]
        if isinstance(spec, Mapping) and "column" in spec and set(spec) <= INLINE:
            part = None if spec.get("part") is None else str(spec["part"])
            i = self.columns.at(part, str(spec["column"]))
            steps = " and ".join(self._steps(spec, type_name))
            if part is None:
                return [(f"(v := row[{i}]) is not None and v != '' and {steps}", "[v]")]
            k = self.view(part, spec)
            if self.single[k]:  # a primary name: its row, without a loop
                return [
                    (f"V{k} and (v := V{k}[0][{i}]) is not None and v != '' and {steps}", "[v]")
                ]
            read = f"(v := r[{i}]) is not None and v != ''"
            # Most people have no documents or phones: no loop is started for none.
            return [(f"V{k} and (vals := [v for r in V{k} if {read} and {steps}])", "vals")]
        if isinstance(spec, Mapping) and set(spec) == {"date"}:
            y, m, d = (self.columns.at(None, c) for c in spec["date"])
            self.namespace["partial_date"] = partial_date
            return [(f"(v := row[{y}])", f"[partial_date(v, row[{m}], row[{d}])]")]
        helper = f"get{len(self.namespace)}"
        self.namespace[helper] = self.getter(spec, type_name)
        return [(f"(vals := {helper}(row, VIEWS, org))", "vals")]

    def _steps(self, spec: Mapping[str, Any], type_name: str) -> list[str]:
        """Conditions that turn ``v`` into the value, in order; one fails: no value."""
        n = len(self.namespace)
        steps = []
        if "values" in spec:
            self.namespace[f"table{n}"] = {str(k): str(v) for k, v in spec["values"].items()}
            steps.append(f"(v := table{n}.get(v)) is not None")
        if "except" in spec:
            self.namespace[f"dropped{n}"] = frozenset(str(c) for c in spec["except"])
            steps.append(f"v not in dropped{n}")
        if "label" in spec:
            labels = {t.code: t.label("en") for t in vocabulary(str(spec["label"]))}
            self.namespace[f"labels{n}"] = labels
            steps.append(f"(v := labels{n}.get(v)) is not None")
        if "entity" in spec:
            kind = str(spec["entity"])
            self.namespace[f"ref_{kind}"] = self.entity(kind)
            steps.append(f"(v := ref_{kind}(int(v), org)) is not None")
        elif type_name == "phone":
            self.namespace["clean_phone"] = clean_phone
            self.namespace["countries"] = self.countries
            steps.append("(v := clean_phone(v, countries.get(org))) is not None")
        elif type_name == "country":  # a million of them: no call for lower case
            steps.append("(v := (v if v.__class__ is str else str(v)).lower())")
        elif type_name in CLEAN:
            self.namespace[f"clean_{type_name}"] = CLEAN[type_name]
            steps.append(f"(v := clean_{type_name}(v)) is not None")
        else:
            steps.append("(v := v if v.__class__ is str else str(v)) is not None")
        return steps

    def view_lines(self) -> list[str]:
        """The lines that make a record's views ``V0``, ``V1`` ... from its
        ``parts``: each a part's rows, or those a spec keeps (``view``)."""
        found = []
        for n, (i, keep) in enumerate(self.views):
            if keep is None:
                found.append(f"V{n} = parts[{i}]")
                continue
            # Most people have no documents and one name: no call for either.
            self.namespace[f"keep{n}"] = keep
            fast = self.fast[n]
            kept = f"keep{n}(p)" if fast is None else "(" + fast.format(kept=f"keep{n}(p)") + ")"
            found.append(f"V{n} = {kept} if (p := parts[{i}]) else p")
        return found

    def all_views(self) -> str:
        """The views as the getter functions take them (one sequence)."""
        return "(" + "".join(f"V{n}, " for n in range(len(self.views))) + ")"

    def getter(self, spec: Any, type_name: str = "string") -> Getter:
        """The values of a property of FtM type ``type_name``."""
        if isinstance(spec, str):
            spec = {"column": spec}
        if not isinstance(spec, Mapping):
            raise MappingError(f"{spec!r} is not a value spec")
        if "first" in spec:
            choices = [self.getter(s, type_name) for s in spec["first"]]
            return _first(choices)
        part = None if spec.get("part") is None else str(spec["part"])
        clean = CLEAN.get(type_name, _plain)
        if "column" in spec and set(spec) <= PLAIN:
            # The common case, in one call: a column's values, cleaned by type.
            i = self.columns.at(part, str(spec["column"]))
            if part is None:
                return lambda row, views, org: (
                    [] if (v := row[i]) is None or v == "" or (c := clean(v)) is None else [c]
                )
            k = self.view(part, spec)
            return lambda row, views, org: [
                c for r in views[k] if (v := r[i]) is not None and v != "" and (c := clean(v))
            ]
        one = self.one(spec, part, type_name)
        if part is None:
            return lambda row, views, org: [] if (v := one(row, org)) is None else [v]
        k = self.view(part, spec)
        return lambda row, views, org: [v for r in views[k] if (v := one(r, org)) is not None]

    def view(self, part: str, spec: Mapping[str, Any]) -> int:
        """The number of the view of ``part`` the spec reads (``pick``, ``where``)."""
        if part not in self.parts:
            raise MappingError(f"no part {part!r}")
        key = repr((part, spec.get("pick"), spec.get("where"), spec.get("unless")))
        if key not in self._views:
            keep = _filter(self.columns, part, spec)
            pick = spec.get("pick")
            fast = None
            if pick is not None:
                if keep is None:  # one row: the primary name if it has one, no others
                    full = self.columns.at(part, "full_name")
                    one = f"(p if p[0][{full}] else [])" if pick == "primary" else "()"
                    fast = f"{one} if len(p) == 1 else {{kept}}"
                keep = _pick(self.columns, part, str(pick), keep)
            self.views.append((self.parts.index(part), keep))
            self.single.append(pick == "primary")
            self.fast.append(fast)
            self._views[key] = len(self.views) - 1
        return self._views[key]

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
            entity, inner_ref = self.entity(str(spec["entity"])), raw
            return lambda row, org: (
                entity(int(v), org) if (v := inner_ref(row, org)) is not None else None
            )
        clean = CLEAN.get(type_name, _plain)
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
    def first(row: Row, views: Views, org: int) -> list[str]:
        for choice in choices:
            found = choice(row, views, org)
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


def _filter(
    columns: Columns | PartColumns, part: str, spec: Mapping[str, Any]
) -> PartFilter | None:
    """``where``/``unless``: keep the part's rows whose column holds (or does not hold)
    one of the codes."""
    rules = [(columns.at(part, c), frozenset(v), True) for c, v in spec.get("where", {}).items()]
    rules += [(columns.at(part, c), frozenset(v), False) for c, v in spec.get("unless", {}).items()]
    if not rules:
        return None  # every row
    if len(rules) == 1:  # the common case, without a loop over rules
        at, codes, keep = rules[0]
        if keep:
            return lambda rows: [r for r in rows if r[at] in codes]
        return lambda rows: [r for r in rows if r[at] not in codes]
    return lambda rows: [
        r for r in rows if all((r[i] in codes) == keep for i, codes, keep in rules)
    ]


def _pick(
    columns: Columns | PartColumns, part: str, pick: str, keep: PartFilter | None
) -> PartFilter:
    """A person's names: the primary name (else the first), or the others."""
    if pick not in ("primary", "others"):
        raise MappingError(f"pick {pick!r} is not primary or others")
    kind, full = columns.at(part, "kind"), columns.at(part, "full_name")

    def primary(rows: Sequence[Row]) -> Row | None:
        if keep is None and len(rows) == 1:  # the common case
            return rows[0] if rows[0][full] else None
        named = [r for r in (rows if keep is None else keep(rows)) if r[full]]
        return next((r for r in named if r[kind] == "primary"), named[0] if named else None)

    if pick == "primary":
        return lambda rows: [] if (p := primary(rows)) is None else [p]

    def others(rows: Sequence[Row]) -> Sequence[Row]:
        if keep is None and len(rows) == 1:
            return ()
        chosen = primary(rows)
        return [r for r in (rows if keep is None else keep(rows)) if r[full] and r is not chosen]

    return others

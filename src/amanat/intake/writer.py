"""Write checked drafts of one kind, batch by batch: new records inserted, records the
organisation sent before (same external id) updated in place, their parts replaced.

Re-importing a file, or a newer version of it, therefore updates rather than
duplicates.  Every record gets the submitting organisation and the import's marking.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy.orm import Session

from amanat.access.vault import MasterKey
from amanat.intake.completion import defaults, part_models
from amanat.intake.convert import Ref
from amanat.intake.fields import model_of
from amanat.intake.plan import Draft, RowPlan
from amanat.intake.problems import RowError
from amanat.intake.rows import Statements, processed, table
from amanat.intake.sealing import seal
from amanat.register import Base
from amanat.register.base import new_global_ids
from amanat.register.name_key import stored_keys

# The person record a victim's sealed identity hangs on has its own external id, so
# it can never be confused with a person record the organisation sent under the
# same number in another file.
VICTIM_PERSON_PREFIX = "victim:"
NAMES = "person_name"
KEYS = "person_name_key"
# A file names the same people again and again (and each name's words are few): a
# name's keys are worked out once, not once per row.  Callers only read the lists.
_keys_of = lru_cache(maxsize=65536)(stored_keys)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    sealed: int = 0


@dataclass(frozen=True)
class Context:
    session: Session
    statements: Statements
    org_id: int
    marking: dict[str, object]  # provenance columns every record gets
    now: dt.datetime
    master: MasterKey | None = None


Pick = Callable[[Sequence[object]], tuple[object, ...]]


@dataclass
class _Shape:
    """How rows of one table are laid out for INSERT and UPDATE."""

    name: str
    columns: list[str]
    base: list[object]  # every row's values before its own, the constant ones processed
    processors: list[Any]  # of the columns a row may set
    insert: str
    raw: list[object] = field(default_factory=list)  # the base as given, unprocessed
    update: str = ""
    updated: list[str] = field(default_factory=list)

    omissible: frozenset[str] = frozenset()  # empty unless a row sets them, NULL by default
    positions: dict[str, int] = field(default_factory=dict)
    narrow: dict[frozenset[str], tuple[str, Pick]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.positions = {c: i for i, c in enumerate(self.columns)}

    def narrowed(self, statements: Statements, given: set[str]) -> tuple[str, Pick]:
        """The INSERT of the columns a batch gives, and how to pick them from a full row.

        A column no row of the batch sets is left out, to its NULL default: a third of
        a person row's columns are empty, and every value bound costs the driver."""
        left = self.omissible - given
        found = self.narrow.get(left)
        if found is None:
            kept = [i for i, c in enumerate(self.columns) if c not in left]
            pick: Pick = itemgetter(*kept) if len(kept) > 1 else lambda row: (row[kept[0]],)
            sql = statements.insert_sql(self.name, [self.columns[i] for i in kept])
            found = self.narrow[left] = (sql, pick)
        return found

    def row(self, values: dict[str, object]) -> list[object]:
        """The base row with the given values in place (a missing or empty value keeps
        the column's default)."""
        row = list(self.base)
        positions = self.positions
        for key, value in values.items():
            if value is not None:
                row[positions[key]] = value
        return row


def _shape(ctx: Context, name: str, provenance: bool, fixed: Mapping[str, object]) -> _Shape:
    model_table = table(name)
    columns = [c.key for c in model_table.columns]
    if not provenance and name != NAMES:
        columns.remove("id")  # parts take the database's own ids; names need theirs for keys
    initial = {**defaults(_model_of_table(name)), **fixed}
    constant = set(fixed)
    if provenance:
        stamp = {"org_id": ctx.org_id, "submitted_at": ctx.now, "updated_at": ctx.now}
        initial.update({**ctx.marking, **stamp, "version": 1})
        constant |= {*ctx.marking, *stamp, "version"}
    raw = [initial.get(c) for c in columns]
    every = ctx.statements.processors([model_table.columns[c] for c in columns])
    # Values no row changes (the marking, the time stamps) are processed once here,
    # not once per row: a million timestamps turned into text is seconds of work.
    fixed_at = {i for i, c in enumerate(columns) if c in constant}
    base = list(processed(list(raw), [(i, f) for i, f in every if i in fixed_at]))
    omissible = frozenset(
        c
        for c, value in zip(columns, raw, strict=True)
        if value is None and model_table.columns[c].server_default is None and c != "id"
    )
    return _Shape(
        name,
        columns,
        base,
        [(i, f) for i, f in every if i not in fixed_at],
        ctx.statements.insert_sql(name, columns),
        raw,
        omissible=omissible,
    )


@cache
def _model_of_table(name: str) -> Any:
    for mapper in Base.registry.mappers:
        if getattr(mapper.class_, "__tablename__", None) == name:
            return mapper.class_
    raise LookupError(name)


class KindWriter:
    """Writes the drafts of one profile section."""

    def __init__(self, ctx: Context, plan: RowPlan) -> None:
        self.ctx = ctx
        self.plan = plan
        protected = plan.section.protected
        self.seals = plan.kind == "person" and protected is not None
        self.as_witness = protected == "witness"
        fixed = {"is_protected": True} if self.seals else {}
        self.main = _shape(ctx, plan.table, True, fixed)
        mapped = {
            c.target.column.key
            for c in plan.columns
            if c.target.part is None and c.target.column is not None
        }
        mapped |= set(plan.constants)
        if any(c.target.column is None and not c.target.identity for c in plan.columns):
            mapped |= {"birth_year", "birth_month", "birth_day"}
        self.has_identity = any(c.target.identity for c in plan.columns)
        if self.has_identity and plan.kind == "victim":
            mapped.add("person_id")
        self._prepare_update(self.main, sorted(mapped))
        parts = part_models(model_of(plan.kind))
        relations = {c.target.part for c in plan.columns if c.target.part and not c.target.identity}
        self.parts = {
            relation: (
                parts[relation][1],
                _shape(ctx, str(parts[relation][0].__tablename__), False, {}),
            )
            for relation in sorted(relations)
        }
        self.has_refs = any(c.target.ref for c in plan.columns)
        self.victim_people = (
            _shape(ctx, "person", True, {"is_protected": True})
            if self.has_identity and plan.kind == "victim"
            else None
        )
        if self.victim_people is not None:
            self._prepare_update(self.victim_people, ["sex", "gender_identity"])
        self.fresh = self._fresh(plan.table)
        self.key_insert = ctx.statements.insert_sql(KEYS, ["name_id", "person_id", "key"])

    def _prepare_update(self, shape: _Shape, mapped: list[str]) -> None:
        updated = [c for c in mapped if c in shape.columns]
        updated += [c for c in self.ctx.marking if c not in updated]
        mark = self.ctx.statements.mark
        sets = ", ".join(f'"{c}" = {mark}' for c in updated)
        shape.updated = updated
        shape.update = (
            f'UPDATE "{shape.name}" SET {sets}, "updated_at" = {mark}, '
            f'"version" = "version" + 1 WHERE id = {mark}'
        )

    def _fresh(self, name: str) -> bool:
        """No record of this organisation has an external id yet: nothing to update,
        and a first import of a large file skips the lookups."""
        mark = self.ctx.statements.mark
        found = self.ctx.statements.run(
            f'SELECT 1 FROM "{name}" WHERE org_id = {mark} AND external_id IS NOT NULL LIMIT 1',
            [self.ctx.org_id],
        )
        return not found

    # -- one batch ------------------------------------------------------------------------

    def write(self, drafts: Sequence[Draft], errors: list[RowError]) -> Counts:
        counts = Counts()
        if self.has_refs:
            drafts = self._resolve(drafts, errors)
        if not drafts:
            return counts
        if self.victim_people is not None:
            self._victim_people(drafts, counts)
        existing = self._existing(self.main.name, [d.external_id for d in drafts])
        new = [d for d in drafts if d.external_id is None or d.external_id not in existing]
        old = [d for d in drafts if d.external_id is not None and d.external_id in existing]
        ids = dict(
            zip(map(id, new), self.ctx.statements.new_ids(self.main.name, len(new)), strict=True)
        )
        ids.update((id(d), existing[d.external_id]) for d in old if d.external_id is not None)
        self._insert(self.main, [(ids[id(d)], d.external_id, d.values) for d in new])
        self._update(self.main, [(ids[id(d)], d.values) for d in old])
        self._write_parts(drafts, ids, [ids[id(d)] for d in old])
        if self.seals and self.ctx.master is not None:
            for draft in drafts:
                seal(self.ctx.session, self.ctx.master, ids[id(draft)], draft, self.as_witness)
                counts.sealed += 1
        counts.created += len(new)
        counts.updated += len(old)
        return counts

    def _existing(self, name: str, keys: Sequence[str | None]) -> dict[str, int]:
        wanted = [k for k in keys if k is not None]
        if not wanted or (self.fresh and name == self.main.name):
            return {}
        mark = self.ctx.statements.mark
        return self.ctx.statements.ids_by_key(
            name, "external_id", wanted, f" AND org_id = {mark}", [self.ctx.org_id]
        )

    def _insert(self, shape: _Shape, rows: list[tuple[int, str | None, dict[str, object]]]) -> None:
        if not rows:
            return
        id_at, key_at = shape.positions["id"], shape.positions["external_id"]
        # Every new record gets its identity across the federation, as the ORM gives one.
        global_at = shape.positions["global_id"]
        given = {"external_id"} if any(key is not None for _, key, _ in rows) else set()
        given.add("global_id")
        for _, _, values in rows:
            given.update(values)
        sql, pick = shape.narrowed(self.ctx.statements, given)
        prepared = []
        for (record_id, key, values), global_id in zip(
            rows, new_global_ids(len(rows)), strict=True
        ):
            row = shape.row(values)
            row[id_at], row[key_at], row[global_at] = record_id, key, global_id
            prepared.append(pick(processed(row, shape.processors)))
        ids = [record_id for record_id, _, _ in rows]
        self.ctx.statements.write_records(sql, prepared, shape.name, "insert", ids)

    def _update(self, shape: _Shape, rows: list[tuple[int, dict[str, object]]]) -> None:
        if not rows:
            return
        base = dict(zip(shape.columns, shape.raw, strict=True))
        chosen = [table(shape.name).columns[c] for c in [*shape.updated, "updated_at"]]
        processors = self.ctx.statements.processors(chosen)
        prepared = []
        for record_id, values in rows:
            row = [values.get(c) if values.get(c) is not None else base[c] for c in shape.updated]
            row.append(self.ctx.now)
            prepared.append((*processed(row, processors), record_id))
        ids = [record_id for record_id, _ in rows]
        self.ctx.statements.write_records(shape.update, prepared, shape.name, "update", ids)

    def _write_parts(
        self, drafts: Sequence[Draft], ids: dict[int, int], replaced: list[int]
    ) -> None:
        statements = self.ctx.statements
        for relation, (parent, shape) in self.parts.items():
            statements.delete_children(shape.name, parent, replaced)
            rows = []
            given = {parent}
            parent_at = shape.positions[parent]
            for draft in drafts:
                instances = draft.parts.get(relation)
                if not instances:
                    continue
                owner = ids[id(draft)]
                for instance in instances:
                    row = shape.row(instance)
                    row[parent_at] = owner
                    rows.append(row)
                    given.update(instance)
            keys = self._name_keys(shape, rows) if shape.name == NAMES else []
            sql, pick = shape.narrowed(statements, given)
            statements.run_many(sql, [pick(processed(r, shape.processors)) for r in rows])
            statements.run_many(self.key_insert, keys)

    def _name_keys(self, shape: _Shape, rows: list[list[object]]) -> list[tuple[object, ...]]:
        """Give the names their ids, and the rows of their search keys, as the
        ORM does for a name it inserts: an imported person is found by name at once,
        without a second pass over every name of the register."""
        statements = self.ctx.statements
        id_at, person_at = shape.positions["id"], shape.positions["person_id"]
        full_at = shape.positions["full_name"]
        keys: list[tuple[object, ...]] = []
        for row, name_id in zip(rows, statements.new_ids(NAMES, len(rows)), strict=True):
            row[id_at] = name_id
            keys += [(name_id, row[person_at], k) for k in _keys_of(str(row[full_at] or ""))]
        return keys

    def _victim_people(self, drafts: Sequence[Draft], counts: Counts) -> None:
        """The protected person each victim with an identity hangs on, sealed."""
        shape = self.victim_people
        assert shape is not None and self.ctx.master is not None
        keyed = {
            id(d): (VICTIM_PERSON_PREFIX + d.external_id if d.external_id else None) for d in drafts
        }
        with_identity = [d for d in drafts if d.has_identity]
        existing = self._existing("person", [keyed[id(d)] for d in with_identity])
        new = [d for d in with_identity if keyed[id(d)] not in existing]
        fresh_ids = self.ctx.statements.new_ids("person", len(new))
        people = {id(d): i for d, i in zip(new, fresh_ids, strict=True)}
        people.update(
            (id(d), existing[str(keyed[id(d)])]) for d in with_identity if id(d) not in people
        )
        created = {id(d) for d in new}
        self._insert(shape, [(people[id(d)], keyed[id(d)], _personal(d)) for d in new])
        self._update(
            shape, [(people[id(d)], _personal(d)) for d in with_identity if id(d) not in created]
        )
        for draft in with_identity:
            draft.values["person_id"] = people[id(draft)]
            seal(self.ctx.session, self.ctx.master, people[id(draft)], draft, as_witness=False)
            counts.sealed += 1

    # -- references -----------------------------------------------------------------------

    def _resolve(self, drafts: Sequence[Draft], errors: list[RowError]) -> list[Draft]:
        wanted: dict[str, set[str]] = {}
        for draft in drafts:
            for value in _ref_values(draft):
                wanted.setdefault(value.kind, set()).add(value.key)
        found = {kind: self._lookup(kind, keys) for kind, keys in wanted.items()}
        kept = []
        for draft in drafts:
            if self._replace_refs(draft, found, errors):
                kept.append(draft)
        return kept

    def _lookup(self, kind: str, keys: set[str]) -> dict[str, int]:
        statements = self.ctx.statements
        if kind == "organisation":
            return statements.ids_by_key("organisation", "code", keys)
        name = str(model_of(kind).__tablename__)
        mark = statements.mark
        return statements.ids_by_key(
            name, "external_id", keys, f" AND org_id = {mark}", [self.ctx.org_id]
        )

    def _replace_refs(
        self, draft: Draft, found: dict[str, dict[str, int]], errors: list[RowError]
    ) -> bool:
        ok = True
        for relation, holder in [(None, draft.values)] + [
            (r, instance) for r, instances in draft.parts.items() for instance in instances
        ]:
            for key, value in list(holder.items()):
                if not isinstance(value, Ref):
                    continue
                target = found[value.kind].get(value.key)
                if target is None:
                    code = (
                        "no_such_organisation" if value.kind == "organisation" else "no_such_record"
                    )
                    heading = _heading(self.plan, relation, key)
                    errors.append(
                        RowError(draft.row, heading, value.key, code, {"kind": value.kind})
                    )
                    ok = False
                else:
                    holder[key] = target
        return ok


def _personal(draft: Draft) -> dict[str, object]:
    """What a victim's protected person row holds in plaintext: what statistics need."""
    return {k: draft.values.get(k) for k in ("sex", "gender_identity")}


def _ref_values(draft: Draft) -> list[Ref]:
    found = [v for v in draft.values.values() if isinstance(v, Ref)]
    for instances in draft.parts.values():
        for instance in instances:
            found += [v for v in instance.values() if isinstance(v, Ref)]
    return found


def _heading(plan: RowPlan, relation: str | None, key: str) -> str:
    for column in plan.columns:
        if (
            column.target.part == relation
            and column.target.column is not None
            and column.target.column.key == key
        ):
            return column.heading
    return key

"""Relationships as FollowTheMoney links: the mapping's ``links`` rules pick the
schema (Family, Membership, Ownership ... else UnknownLink) by the relationship's
kind and the kinds of its ends, and the properties its ends and detail go to.

A link is written only when both its ends are in the export: a link to a phone
(which FtM has no entity for) or to a record the user may not see is left out.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select

from amanat.exchange.ftm_mapping import Entity

if TYPE_CHECKING:
    from amanat.exchange.ftm import FtmExport


@dataclass(frozen=True)
class Rule:
    schema: str
    subject: str
    object: str
    kinds: frozenset[str] | None  # None: any kind of relationship
    ends: tuple[frozenset[str], frozenset[str]] | None  # None: any kinds of end
    detail: str | None
    kind: str | None  # the property that takes the relationship's kind
    otherwise: str | None  # the detail when none is recorded

    @classmethod
    def read(cls, raw: Mapping[str, Any]) -> Rule:
        ends = raw.get("ends")
        return cls(
            schema=str(raw["schema"]),
            subject=str(raw["subject"]),
            object=str(raw["object"]),
            kinds=frozenset(raw["kinds"]) if "kinds" in raw else None,
            ends=(frozenset(ends[0]), frozenset(ends[1])) if ends else None,
            detail=raw.get("detail"),
            kind=raw.get("kind"),
            otherwise=raw.get("otherwise"),
        )

    def fits(self, kind: str, subject: str, target: str) -> bool:
        if self.kinds is not None and kind not in self.kinds:
            return False
        return self.ends is None or (subject in self.ends[0] and target in self.ends[1])


class Links:
    """The relationships the user may see, as links between written entities."""

    def __init__(self, export: FtmExport, kind: str) -> None:
        self.export = export
        self.kind = kind
        spec = export.mapping.kinds[kind]
        self.rules = [Rule.read(r) for r in spec["links"]]
        self.columns = export.columns_of(kind)
        self.compiled, _ = export.compiled(kind, self.columns)
        at = self.columns.at
        self.kind_at = at(None, "kind")
        self.detail_at = at(None, "detail")
        self.subjects = [(at(None, c), str(k)) for c, k in spec["subject"].items()]
        self.objects = [(at(None, c), str(k)) for c, k in spec["object"].items()]

    def ends_seen(self, ends: Mapping[str, str]) -> Any:
        """A WHERE clause: one of ``ends`` (column → kind) points at a record the
        user may see.  A link without both ends in the export is never written, so
        is not read either (most links of a regional analyst's records are people
        of others)."""
        export = self.export
        table = export.model_of(self.kind).__table__
        seen = []
        for column, kind in ends.items():
            if kind not in export.mapping.kinds:
                continue  # a phone: FtM has no entity for it
            pointer = table.columns[column]
            if kind not in export.marked:  # an organisation of the register
                seen.append(pointer.is_not(None))
                continue
            end = export.model_of(kind)
            seen.append(select(end.id).where(end.id == pointer, export.visible(end)).exists())
        return or_(*seen)

    def entities(self) -> Iterator[Entity]:
        export = self.export
        publishers = export.publishers
        spec = export.mapping.kinds[self.kind]
        query = export.select(self.kind, self.columns).where(
            self.ends_seen(spec["subject"]), self.ends_seen(spec["object"])
        )
        count = 0
        for row in export.stream(query):
            entity = self.link(row)
            if entity is None:
                continue
            properties = entity["properties"]
            properties.update(self.compiled.properties_of(row, (), row[-5]))
            properties["publisher"] = publishers.publisher[row[-5]]
            if entity["schema"] in self.compiled.keywords:
                properties["keywords"] = publishers.keywords[row[-4:]]
            count += 1
            yield entity
        export.scope.count(self.kind, count)

    @staticmethod
    def _end(row: Sequence[Any], ends: list[tuple[int, str]]) -> tuple[str, int] | None:
        return next(((kind, row[at]) for at, kind in ends if row[at] is not None), None)

    def link(self, row: Sequence[Any]) -> Entity | None:
        source, target = self._end(row, self.subjects), self._end(row, self.objects)
        if source is None or target is None:
            return None  # a link to a phone has no FtM form
        org = row[-5]
        entity = self.export.publishers.entity
        subject, other = entity(source[0])(source[1], org), entity(target[0])(target[1], org)
        if subject is None or other is None:
            return None  # an end the export does not hold
        kind, detail = row[self.kind_at], row[self.detail_at]
        rule = next(r for r in self.rules if r.fits(kind, source[0], target[0]))
        properties = {rule.subject: [subject], rule.object: [other]}
        said = detail or rule.otherwise
        if rule.detail is not None and said:
            properties[rule.detail] = [str(said)]
        if rule.kind is not None:
            properties[rule.kind] = [kind]
        return {
            "id": self.export.publishers.record_id(self.kind, row[0], org),
            "schema": rule.schema,
            "properties": properties,
        }

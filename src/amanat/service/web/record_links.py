"""A record's links (``record.view``) as rows a page can show: a title, a link, a
few facts, and whose record it is.

Titles of the records a row points at (the person of a case role, the other end of
a relationship) come from ``record.named``: in one batch, and only for records the
viewer may see.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from amanat.access.visibility import KIND_OF_MODEL
from amanat.actions.named import Named
from amanat.language import i18n
from amanat.language.i18n import N_
from amanat.register import Charge, Victim
from amanat.register.relationship import OBJECT_ENDS, SUBJECT_ENDS
from amanat.service.web import labels, titles

HIDDEN = N_("not shared with you")


@dataclass(frozen=True)
class LinkRow:
    title: str
    url: str | None
    facts: list[str] = field(default_factory=list)
    owner: str = ""
    tlp: str | None = None


@dataclass
class Names:
    """Titles of referenced records, by kind then id, for one page."""

    lang: str
    orgs: dict[int, str]
    by_kind: dict[str, dict[int, str]] = field(default_factory=dict)

    def of(self, kind: str, record_id: int | None) -> tuple[str, str | None]:
        if record_id is None:
            return "", None
        title = self.by_kind.get(kind, {}).get(record_id)
        if title is None:
            return i18n.gettext(self.lang, HIDDEN), None
        return title, titles.record_url(kind, record_id)


def _label(vocab: str, code: str | None, names: Names) -> str:
    return labels.label(vocab, code, names.lang) if code else ""


def _role(row: Any, names: Names, page_kind: str) -> LinkRow:
    other, other_id = ("case", row.case_id) if page_kind == "person" else ("person", row.person_id)
    title, url = names.of(other, other_id)
    facts = [
        _label("case_role", row.role, names),
        _label("perpetrator_role", row.perpetrator_role, names),
        _label("facilitator_kind", row.facilitator_kind, names),
        row.official_position or "",
    ]
    return LinkRow(title, url, [f for f in facts if f])


def _event(row: Any, names: Names, page_kind: str) -> LinkRow:
    other, other_id = ("case", row.case_id) if page_kind == "person" else ("person", row.person_id)
    who = names.of(other, other_id)[0] if other_id else ""
    facts = [i18n.date_text(row.occurred_on, names.lang), who, row.court or ""]
    if row.sentence_months:
        facts.append(i18n.gettext(names.lang, N_("%(n)s months")) % {"n": row.sentence_months})
    if row.appeal_outcome:
        facts.append(_label("appeal_outcome", row.appeal_outcome, names))
    return LinkRow(
        _label("pipeline_stage", row.stage, names),
        f"/pipeline-events/{row.id}",
        [f for f in facts if f],
    )


def _victim(row: Any, names: Names, page_kind: str) -> LinkRow:
    title = names.by_kind.get("victim", {}).get(row.id, f"V#{row.id}")
    facts = [
        _label("trafficking_status", row.trafficking_status, names),
        i18n.date_text(row.identified_on, names.lang),
    ]
    return LinkRow(title, f"/victims/{row.id}", [f for f in facts if f])


def _seizure(row: Any, names: Names, page_kind: str) -> LinkRow:
    facts = [
        _label("substance", drug.substance, names)
        + " "
        + i18n.number_text(drug.quantity_kg, names.lang)
        + " kg"
        for drug in row.drugs
    ]
    if row.ammunition_rounds:
        facts.append(
            i18n.gettext(names.lang, N_("%(n)s rounds"))
            % {"n": i18n.number_text(row.ammunition_rounds, names.lang)}
        )
    title = titles.record_title("seizure", row, names.lang)
    return LinkRow(title, f"/seizures/{row.id}", facts)


def _relationship(row: Any, names: Names, page_kind: str) -> LinkRow:
    ends = [(c, getattr(row, c)) for c in (*SUBJECT_ENDS, *OBJECT_ENDS) if getattr(row, c)]
    shown = []
    for column, value in ends:
        kind = column.split("_")[1]
        title, _ = names.of(kind, value)
        shown.append(title)
    facts = [" → ".join(shown), row.detail or ""]
    return LinkRow(
        _label("relationship_kind", row.kind, names),
        f"/relationships/{row.id}",
        [f for f in facts if f],
    )


def _weapon(row: Any, names: Names, page_kind: str) -> LinkRow:
    facts = [" ".join(p for p in (row.make, row.model, row.calibre) if p)]
    return LinkRow(
        titles.record_title("weapon", row, names.lang),
        f"/weapons/{row.id}",
        [f for f in facts if f],
    )


def _charge(row: Any, names: Names, page_kind: str) -> LinkRow:
    article = " ".join(p for p in (row.country, row.article, row.part and f"({row.part})") if p)
    who, url = names.of("person", row.person_id) if row.person_id else ("", None)
    if page_kind == "person":
        who, url = names.of("case", row.case_id)
    return LinkRow(article, url, [f for f in (who, row.description or "") if f])


def _generic(row: Any, names: Names, page_kind: str) -> LinkRow:
    kind = KIND_OF_MODEL.get(type(row), "")
    title = names.by_kind.get(kind, {}).get(row.id) or titles.record_title(kind, row, names.lang)
    return LinkRow(title, titles.record_url(kind, row.id))


DESCRIBE: dict[str, Callable[[Any, Names, str], LinkRow]] = {
    "case_role": _role,
    "pipeline_event": _event,
    "victim": _victim,
    "seizure": _seizure,
    "relationship": _relationship,
    "weapon": _weapon,
}


def wanted(
    links: Mapping[str, list[Any]], extra: Mapping[str, set[int]] | None = None
) -> dict[str, set[int]]:
    """Ids of the records the rows of ``links`` (and ``extra``) point at, by kind; the
    victims among the links are named already (``record.view``)."""
    found: dict[str, set[int]] = {
        kind: set() for kind in ("person", "case", "group", "victim", "vehicle", "phone")
    }
    for kind, ids in (extra or {}).items():
        found.setdefault(kind, set()).update(ids)
    for rows in links.values():
        for row in rows:
            for column in ("person_id", "case_id", *SUBJECT_ENDS, *OBJECT_ENDS):
                value = getattr(row, column, None)
                kind = "group" if "group" in column else column.split("_")[-2]
                if value is not None and kind in found:
                    found[kind].add(value)
    found["victim"] -= {
        row.id for rows in links.values() for row in rows if isinstance(row, Victim)
    }
    return {kind: ids for kind, ids in found.items() if ids}


def names_for(
    links: Mapping[str, list[Any]],
    named: Named,
    pseudonyms: Mapping[int, str],
    orgs: dict[int, str],
    lang: str,
    known: Mapping[str, dict[int, str]] | None = None,
) -> Names:
    """Titles of everything a page names: the victims among ``links`` (by the
    pseudonyms ``record.view`` gave), what ``record.named`` found, and titles already
    ``known`` (the page's own record)."""
    names = Names(lang, orgs)
    for kind in named.records:
        names.by_kind[kind] = titles.titles_from(named, kind, lang)
    victims = names.by_kind.setdefault("victim", {})
    for rows in links.values():
        for row in rows:
            if isinstance(row, Victim):
                victims[row.id] = titles.victim_title(row, pseudonyms)
    for kind, found in (known or {}).items():
        names.by_kind.setdefault(kind, {}).update(found)
    names.by_kind["organisation"] = names.orgs
    return names


def describe(row: Any, names: Names, page_kind: str) -> LinkRow:
    if isinstance(row, Charge):
        return _charge(row, names, page_kind)
    kind = KIND_OF_MODEL.get(type(row), "")
    found = DESCRIBE.get(kind, _generic)(row, names, page_kind)
    owner = names.orgs.get(getattr(row, "org_id", 0) or 0, "")
    return LinkRow(found.title, found.url, found.facts, owner, getattr(row, "tlp", None))

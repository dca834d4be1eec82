"""Alerts on unusual access, from rules in a data file, over the audit trail.

One pass over the entries of a period; each rule keeps only what its window needs,
so the trail of a year streams through in bounded memory.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, deque
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy import select, union
from sqlalchemy.orm import Session

from amanat.access.audit import AuditEntry
from amanat.language.i18n import gettext
from amanat.register import CaseRole, Relationship

KINDS = ("volume", "after_hours", "employer", "every", "unanswered")


class RuleError(ValueError):
    pass


@dataclass(frozen=True)
class Rule:
    id: str
    label: str  # a msgid
    severity: str
    kind: str
    match: Mapping[str, Any]
    options: Mapping[str, Any] = field(default_factory=dict)

    def matches(self, entry: AuditEntry) -> bool:
        m = self.match
        if "action" in m and entry.action not in m["action"]:
            return False
        if "target_kind" in m:
            kinds = m["target_kind"]
            if entry.target_kind not in (kinds if isinstance(kinds, list) else [kinds]):
                return False
        owner = entry.detail.get("owner_org_id")
        if m.get("outside_own_org") and (owner is None or owner == entry.actor_org_id):
            return False
        for key, value in (m.get("detail") or {}).items():
            if entry.detail.get(key) != value:
                return False
        rows = entry.detail.get("rows")
        return not ("min_rows" in m and (not isinstance(rows, int) or rows < m["min_rows"]))


@dataclass(frozen=True)
class Alert:
    rule_id: str
    label: str
    severity: str
    at: dt.datetime
    user_id: int | None
    seqs: tuple[int, ...]
    message: str  # for the command line and analysts: user and record ids, codes
    # What the (last) entry was, for pages that say it in words.
    action: str = ""
    target_kind: str | None = None
    target_id: str | None = None


def parse_rules(text: str) -> list[Rule]:
    doc = yaml.safe_load(text)
    rules = []
    for raw in doc.get("rules", []):
        if raw.get("kind") not in KINDS:
            raise RuleError(f"rule {raw.get('id')!r}: kind must be one of {KINDS}")
        known = {"id", "label", "severity", "kind", "match"}
        rules.append(
            Rule(
                id=str(raw["id"]),
                label=str(raw["label"]),
                severity=str(raw.get("severity", "medium")),
                kind=raw["kind"],
                match=raw.get("match") or {},
                options={k: v for k, v in raw.items() if k not in known},
            )
        )
    return rules


@cache
def default_rules() -> tuple[Rule, ...]:
    text = resources.files("amanat.access").joinpath("alert_rules.yaml").read_text("utf-8")
    return tuple(parse_rules(text))


def _employed_officials(session: Session, person: int | None = None) -> set[tuple[int, int]]:
    """(person id, employing organisation id) for every official the register knows,
    or for one person."""
    roles = select(CaseRole.person_id, CaseRole.official_employer_id).where(
        CaseRole.official_employer_id.is_not(None)
    )
    employment = select(Relationship.from_person_id, Relationship.to_organisation_id).where(
        Relationship.kind == "employed_by",
        Relationship.from_person_id.is_not(None),
        Relationship.to_organisation_id.is_not(None),
    )
    if person is not None:
        roles = roles.where(CaseRole.person_id == person)
        employment = employment.where(Relationship.from_person_id == person)
    pairs: set[tuple[int, int]] = set()
    rows: list[Any] = list(session.execute(union(roles, employment)).all())
    for found, org in rows:
        pairs.add((int(found), int(org)))
    return pairs


class Officials:
    """Whether a person is an official of an organisation: looked up person by person
    for the few people a week's trail names (the whole register's officials took
    longer than the rest of an alerts page), all at once past ``ONE_BY_ONE``."""

    ONE_BY_ONE = 200

    def __init__(self, session: Session) -> None:
        self.session = session
        self.looked_up: dict[int, set[tuple[int, int]]] = {}
        self.every: set[tuple[int, int]] | None = None

    def __contains__(self, pair: object) -> bool:
        if self.every is None and len(self.looked_up) >= self.ONE_BY_ONE:
            self.every = _employed_officials(self.session)
        if self.every is not None:
            return pair in self.every
        person = pair[0] if isinstance(pair, tuple) else None
        if not isinstance(person, int):
            return False
        if person not in self.looked_up:
            self.looked_up[person] = _employed_officials(self.session, person)
        return pair in self.looked_up[person]


def evaluate(
    entries: Iterable[AuditEntry],
    rules: Iterable[Rule] = (),
    officials: Container[tuple[int, int]] | None = None,
    lang: str = "en",
    unanswered: Container[str] = frozenset(),
) -> Iterator[Alert]:
    """Alerts raised by ``rules`` over ``entries`` (in seq order); ``unanswered``: the
    ids of the requests still waiting for their answer past their deadline."""
    rules = list(rules) or list(default_rules())
    windows: dict[tuple[str, object], deque[AuditEntry]] = defaultdict(deque)
    for entry in entries:
        for rule in rules:
            if not rule.matches(entry):
                continue
            label = gettext(lang, rule.label)
            alert = _check(rule, entry, windows, officials or set(), unanswered)
            if alert is not None:
                seqs, message = alert
                yield Alert(
                    rule.id,
                    label,
                    rule.severity,
                    entry.at,
                    entry.actor_user_id,
                    seqs,
                    message,
                    entry.action,
                    entry.target_kind,
                    None if entry.target_id is None else str(entry.target_id),
                )


def _check(
    rule: Rule,
    entry: AuditEntry,
    windows: dict[tuple[str, object], deque[AuditEntry]],
    officials: Container[tuple[int, int]],
    unanswered: Container[str] = frozenset(),
) -> tuple[tuple[int, ...], str] | None:
    if rule.kind == "unanswered":
        # The entry that made the request (its filing): raised while it waits past its
        # deadline, and known by that entry however long it waits.
        if entry.target_id is not None and str(entry.target_id) in unanswered:
            return (entry.seq,), (
                f"{entry.target_kind} {entry.target_id}: unanswered past its deadline"
            )
        return None
    if rule.kind == "every":
        return (
            entry.seq,
        ), f"user {entry.actor_user_id}: {entry.action} {entry.target_kind} {entry.target_id}"
    if rule.kind == "after_hours":
        local = entry.at.astimezone(ZoneInfo(rule.options.get("timezone", "UTC")))
        start, end = rule.options.get("working_hours", [8, 19])
        if local.weekday() >= 5 or not start <= local.hour < end:
            return (entry.seq,), f"user {entry.actor_user_id}: {entry.action} at {local:%a %H:%M}"
        return None
    if rule.kind == "employer":
        if entry.target_id is None or entry.actor_org_id is None:
            return None
        if (int(entry.target_id), entry.actor_org_id) in officials:
            return (entry.seq,), (
                f"user {entry.actor_user_id} looked up person {entry.target_id}, "
                f"an official of the user's own organisation"
            )
        return None
    # volume: a sliding window per actor or per target; alert once when crossing.
    key_value = (
        entry.actor_user_id if rule.options.get("per", "actor") == "actor" else entry.target_id
    )
    window = windows[(rule.id, key_value)]
    window.append(entry)
    horizon = entry.at - dt.timedelta(minutes=int(rule.options.get("window_minutes", 60)))
    while window and window[0].at < horizon:
        window.popleft()
    if len(window) == int(rule.options.get("threshold", 10)) + 1:
        return tuple(e.seq for e in window), (
            f"{len(window)} × {entry.action} by {rule.options.get('per', 'actor')} "
            f"{key_value} within {rule.options.get('window_minutes', 60)} minutes"
        )
    return None


def alerts_for(
    session: Session,
    entries: Iterable[AuditEntry],
    lang: str = "en",
    unanswered: Container[str] = frozenset(),
) -> list[Alert]:
    return list(evaluate(entries, officials=Officials(session), lang=lang, unanswered=unanswered))

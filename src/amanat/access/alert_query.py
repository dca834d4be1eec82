"""Which audit entries an alert rule may raise an alert on, as SQL.

Each rule's condition is necessary for ``Rule.matches`` (and, for an ``employer``
rule, for the person being an official of the reader's organisation), never
sufficient: the rules still decide in Python (``alerts.evaluate``) over what the
database hands back.  So the alerts are the same, but a week's trail of ordinary
reads (thousands of case and person views, search hits on people who are nobody's
officials) is never parsed and tested entry by entry.  Entries a volume rule does
not match never enter its window, so leaving them out changes no window.

Conditions on ``detail`` (a JSON text) are tested where the database's JSON
functions compare values as Python does (SQLite's ``json_extract``: ``true`` is 1);
elsewhere they are left to Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import (
    BigInteger,
    FromClause,
    and_,
    case,
    cast,
    exists,
    false,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.sql.elements import ColumnElement

from amanat.access.alerts import Rule
from amanat.register import CaseRole, Relationship


def candidates(rules: Iterable[Rule], table: FromClause, dialect: str) -> ColumnElement[bool]:
    """Entries of ``table`` (``audit_entry``) that one of ``rules`` may match."""
    return or_(false(), *(_rule(rule, table, dialect) for rule in rules))


def _rule(rule: Rule, table: FromClause, dialect: str) -> ColumnElement[bool]:
    m = rule.match
    found: list[ColumnElement[bool]] = []
    if "action" in m:
        found.append(table.c.action.in_(_listed(m["action"])))
    if "target_kind" in m:
        found.append(table.c.target_kind.in_(_listed(m["target_kind"])))
    if rule.kind == "employer":
        found.append(_reads_an_official(table, dialect))
    if dialect == "sqlite":
        found.extend(_detail(m, table))
    return and_(true(), *found)


def _listed(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def _reads_an_official(table: FromClause, dialect: str) -> ColumnElement[bool]:
    """The target person is an official employed by the reader's organisation: as a
    case role's employer, or by an ``employed_by`` relationship (``alerts.Officials``)."""
    person: ColumnElement[Any] = cast(table.c.target_id, BigInteger)  # SQLite: never fails
    if dialect != "sqlite":  # a username or other text would stop the query
        number = table.c.target_id.regexp_match("^[0-9]{1,18}$")
        person = case((number, person))
    org = table.c.actor_org_id
    role = exists().where(CaseRole.person_id == person, CaseRole.official_employer_id == org)
    employed = exists(
        select(Relationship.id).where(
            Relationship.kind == "employed_by",
            Relationship.from_person_id == person,
            Relationship.to_organisation_id == org,
        )
    )
    return and_(table.c.target_id.is_not(None), org.is_not(None), or_(role, employed))


def _detail(m: Mapping[str, Any], table: FromClause) -> list[ColumnElement[bool]]:
    """SQLite only: ``json_extract`` gives JSON true and false as 1 and 0, and SQLite
    compares 1 and 1.0 as equal and text with a number as unequal, as Python does."""

    def value(key: str) -> Any:
        return func.json_extract(table.c.detail, f'$."{key}"')

    found: list[ColumnElement[bool]] = []
    if m.get("outside_own_org"):
        owner = value("owner_org_id")
        org = table.c.actor_org_id
        found.append(and_(owner.is_not(None), or_(org.is_(None), owner != org)))
    for key, wanted in (m.get("detail") or {}).items():
        if wanted is None:
            found.append(value(key).is_(None))
        elif isinstance(wanted, bool | int | float | str):
            found.append(value(key) == (int(wanted) if isinstance(wanted, bool) else wanted))
    if "min_rows" in m:
        # Text compares above every number in SQLite: kept, and Python turns it away.
        found.append(value("rows") >= m["min_rows"])
    return found

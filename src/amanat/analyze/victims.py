"""Victims as people: which victim records an analysis counts, and the unit it counts.

A victim often has several records: the lead agency's, tied to the case, and an
assisting NGO's.  Each is about a person record, and resolution says which person
records are one person (``amanat.analyze.network.canonical``), so a victim counts
once however many agencies recorded them.  A victim record about no person record
is a victim of its own.

A victim counts in the country of the case they are linked to, or, when linked to
no case the user may see, where they were identified (the movement stage
``identification``).  The period is the year of identification.  Victims judged
``NotAVictim`` are left out; the case type of the scope does not apply (victims
belong to trafficking whatever the case is filed as).  When a victim's records
disagree (one says 16 years old, another 17), the smallest value counts; a value
beats a blank.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, Subquery, and_, case, func, select

from amanat.analyze.network.canonical import entity_of
from amanat.analyze.scope import Scope
from amanat.register import Case, Movement, Victim, VictimExploitation

# A SELECT of any row shape (Select is generic over its columns' types).
AnySelect = Select[*tuple[Any, ...]]


def victim_of() -> ColumnElement[int]:
    """The victim a victim record is about: its person's resolved entity, or, for a
    record about no person record, the record itself (negated, so that it can never
    meet a person's id)."""
    person = entity_of("person", Victim.person_id)
    unit: ColumnElement[int] = case((Victim.person_id.is_(None), -Victim.id), else_=person)
    return unit


def victim_country() -> ColumnElement[str]:
    """Where a victim record counts: its visible case's country, else where identified.

    Use with ``victims_in(scope)``, which joins the case (outer, under the rule)."""
    identified = (
        select(func.min(Movement.country))
        .where(Movement.victim_id == Victim.id, Movement.stage == "identification")
        .scalar_subquery()
    )
    return func.coalesce(Case.jurisdiction, identified)


def victims_in(scope: Scope, query: AnySelect) -> AnySelect:
    """``query`` over victim records in scope: visible, identified in the period, not
    judged ``NotAVictim``, in the scope's country; their case joined when visible."""
    query = query.outerjoin(Case, and_(Case.id == Victim.case_id, scope.admits(Case))).where(
        scope.admits(Victim),
        scope.in_period(Victim.identified_on),
        Victim.trafficking_status != "NotAVictim",
    )
    return query.where(victim_country() == scope.country) if scope.country else query


def victims(scope: Scope) -> Subquery:
    """One row per victim in scope: ``victim`` (the unit), ``sex``, ``age``,
    ``citizenship`` and ``country`` (where they count), from their records in scope."""
    unit = victim_of()
    query = victims_in(
        scope,
        select(
            unit.label("victim"),
            func.min(Victim.sex).label("sex"),
            func.min(Victim.age_at_exploitation).label("age"),
            func.min(Victim.citizenship).label("citizenship"),
            func.min(victim_country()).label("country"),
        ).select_from(Victim),
    )
    return query.group_by(unit).subquery()


def victim_forms(scope: Scope) -> Subquery:
    """(``victim``, ``form``): each form of exploitation any of a victim's records in
    scope names, once."""
    query = victims_in(
        scope,
        select(victim_of().label("victim"), VictimExploitation.form)
        .select_from(Victim)
        .join(VictimExploitation, VictimExploitation.victim_id == Victim.id),
    )
    return query.distinct().subquery()

"""Who reaches conviction: organisers, recruiters, transporters and couriers,
facilitators and officials, each followed from identification to verdict.

The unit is a person in a case: all the role rows and pipeline events of one
resolved person in that case taken together, whichever agency's record of them each
names (the police's record of the suspect, the prosecutor's of the accused, the
court's of the defendant are one person once resolution links them; see
``amanat.analyze.network.canonical``).  Categories are exclusive and taken in this
order, so each person-case counts once: a public official (whatever else they did),
then a facilitator with a legitimate job (border guard, lawyer ...), then the
perpetrator's role in the process.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, Integer, Subquery, and_, case, cast, func, or_, select

from amanat.analyze.network.canonical import entity_of
from amanat.analyze.pipeline import case_filter
from amanat.analyze.scope import Scope, scanned
from amanat.analyze.tabular import Table
from amanat.register import Case, CaseRole, PipelineEvent
from amanat.register.case import NON_PERPETRATOR_ROLES

ROLE_CATEGORY: dict[str, str] = {
    "Organiser": "organiser",
    "Financier": "organiser",
    "RecruiterOrIntermediary": "recruiter",
    "BrokerTravelAgent": "recruiter",
    "Transporter": "transporter_courier",
    "Courier": "transporter_courier",
    "Smuggler": "transporter_courier",
    "Exploiter": "exploiter",
    "Abuser": "exploiter",
    "Kidnapper": "exploiter",
}
CATEGORIES = (
    "organiser",
    "recruiter",
    "transporter_courier",
    "exploiter",
    "other",
    "facilitator",
    "official",
)
REACHED = ("suspect_identified", "arrested", "prosecuted", "convicted", "acquitted")


@dataclass(frozen=True)
class Reach:
    category: str
    persons: int
    reached: dict[str, int]

    def rate(self, stage: str, base: str | None = None) -> float | None:
        denominator = self.persons if base is None else self.reached[base]
        return self.reached[stage] / denominator if denominator else None


def _people(scope: Scope) -> Subquery:
    """One row per perpetrator person-case in scope (a resolved person), with its category."""
    official = func.max(cast(CaseRole.is_public_official, Integer))
    facilitator = func.max(
        case(
            (or_(CaseRole.role == "facilitator", CaseRole.facilitator_kind.is_not(None)), 1),
            else_=0,
        )
    )
    role = func.min(CaseRole.perpetrator_role)
    category = case(
        (official == 1, "official"),
        (facilitator == 1, "facilitator"),
        *((role == code, name) for code, name in ROLE_CATEGORY.items()),
        else_="other",
    )
    person = entity_of("person", CaseRole.person_id)
    return (
        select(CaseRole.case_id, person.label("person"), category.label("category"))
        .join(Case, Case.id == CaseRole.case_id)
        .where(
            scope.admits(CaseRole),
            CaseRole.role.not_in(NON_PERPETRATOR_ROLES),
            *case_filter(scope),
        )
        .group_by(CaseRole.case_id, person)
        .subquery()
    )


def _events(scope: Scope) -> Subquery:
    stage = scanned(PipelineEvent.stage)
    flags = [func.max(case((stage == s, 1), else_=0)).label(s) for s in REACHED]
    person = entity_of("person", PipelineEvent.person_id)
    return (
        select(PipelineEvent.case_id, person.label("person"), *flags)
        .join(Case, Case.id == PipelineEvent.case_id)
        .where(
            scope.admits(PipelineEvent),
            PipelineEvent.person_id.is_not(None),
            stage.in_(REACHED),
            *case_filter(scope),
        )
        .group_by(PipelineEvent.case_id, person)
        .subquery()
    )


def who_reaches_conviction(engine: Engine, scope: Scope) -> list[Reach]:
    people, events = _people(scope), _events(scope)
    sums = [func.coalesce(func.sum(getattr(events.c, s)), 0) for s in REACHED]
    query = (
        select(people.c.category, func.count(), *sums)
        .select_from(people)
        .outerjoin(
            events,
            and_(
                events.c.case_id == people.c.case_id,
                events.c.person == people.c.person,
            ),
        )
        .group_by(people.c.category)
    )
    found: dict[str, Reach] = {}
    with engine.connect() as connection:
        for category, persons, *reached in connection.execute(query):
            found[category] = Reach(
                category, persons, dict(zip(REACHED, map(int, reached), strict=True))
            )
    return [found.get(c, Reach(c, 0, dict.fromkeys(REACHED, 0))) for c in CATEGORIES]


def reach_table(rows: list[Reach]) -> Table:
    return Table(
        "conviction_by_role",
        "Who reaches conviction: person-cases by role, and the share convicted",
        ("category", "person_cases", *REACHED, "convicted_share", "convicted_of_prosecuted"),
        [
            (
                r.category,
                r.persons,
                *(r.reached[s] for s in REACHED),
                r.rate("convicted"),
                r.rate("convicted", "prosecuted"),
            )
            for r in rows
        ],
    )

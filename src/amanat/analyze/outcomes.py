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

import pandas as pd
from sqlalchemy import Engine, Integer, Subquery, case, cast, func, or_, select

from amanat.analyze.network.canonical import entity_of
from amanat.analyze.scope import Scope
from amanat.analyze.stage_dates import CASE_ID, PERSON_ID, case_filter, stage_dates
from amanat.analyze.tabular import Table
from amanat.register import Case, CaseRole
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


def who_reaches_conviction(
    engine: Engine, scope: Scope, dates: pd.DataFrame | None = None
) -> list[Reach]:
    """Each category's person-cases and how many reached each stage; ``dates``: the
    scope's ``stage_dates`` of these stages or more, when already read."""
    if dates is None:
        dates = stage_dates(engine, scope, REACHED)
    with engine.connect() as connection:
        rows = connection.execute(select(_people(scope))).all()
    people = pd.DataFrame(rows, columns=[CASE_ID, PERSON_ID, "category"])
    named = dates[dates[PERSON_ID].notna()]
    reached = named[list(REACHED)].notna().astype(int)
    reached[CASE_ID] = named[CASE_ID].astype("int64")
    reached[PERSON_ID] = named[PERSON_ID].astype("int64")
    people[PERSON_ID] = people[PERSON_ID].astype("int64")
    joined = people.merge(reached, on=[CASE_ID, PERSON_ID], how="left").fillna(0)
    sums = joined.groupby("category")[list(REACHED)].sum()
    persons = joined.groupby("category").size()
    found = {
        str(c): Reach(str(c), int(persons[c]), {s: int(sums.loc[c, s]) for s in REACHED})
        for c in persons.index
    }
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

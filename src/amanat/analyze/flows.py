"""Where victims come from, pass through and are exploited, from their movements.

Origin is the country of recruitment (else the first movement), transit the
transit countries in order, destination the country of exploitation (else of
identification).  Breakdowns by sex, age group (0–17 / 18+, the UNODC groups) and
form of exploitation select victims before the flows are summed; a victim with
two forms of exploitation counts under each form, once in the totals.

A victim is a person (``amanat.analyze.victims``): the police's and an NGO's records
of one woman make one journey, not two.  The journey is that of her first record
that has movements; sex and age are the first her records give; her forms of
exploitation are those any of them names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Engine, exists, select
from sqlalchemy.orm import aliased

from amanat.analyze.flowset import UNKNOWN, FlowSet, Path
from amanat.analyze.scope import Scope
from amanat.analyze.victims import victim_of
from amanat.register import Movement, Victim, VictimExploitation


def age_group(age: int | None) -> str:
    if age is None:
        return UNKNOWN
    return "0-17" if age < 18 else "18+"


@dataclass(frozen=True)
class Journey:
    path: Path
    sex: str
    age_group: str
    forms: tuple[str, ...]


def _path(steps: list[tuple[str, str]]) -> Path:
    def first(stage: str) -> str | None:
        return next((c for s, c in steps if s == stage), None)

    origin = first("recruitment") or steps[0][1]
    destination = first("exploitation") or first("identification") or UNKNOWN
    transits: list[str] = []
    for stage, country in steps:
        if stage == "transit" and country not in (origin, destination) and country not in transits:
            transits.append(country)
    return Path(origin, tuple(transits), destination)


def _victims(scope: Scope) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [
        scope.admits(Victim),
        scope.in_period(Victim.identified_on),
        Victim.trafficking_status != "NotAVictim",
    ]
    if scope.country:
        # An alias: the journey query joins Movement itself.
        here = aliased(Movement)
        where.append(exists().where(here.victim_id == Victim.id, here.country == scope.country))
    return where


def journeys(engine: Engine, scope: Scope) -> list[Journey]:
    """One journey per visible victim in scope with at least one movement."""
    where = _victims(scope)
    unit = victim_of()
    moves = (
        select(unit, Victim.id, Victim.sex, Victim.age_at_exploitation, Movement.stage)
        .add_columns(Movement.country)
        .join(Movement, Movement.victim_id == Victim.id)
        .where(*where)
        .order_by(unit, Victim.id, Movement.sequence, Movement.id)
    )
    forms_q = (
        select(unit, VictimExploitation.form)
        .select_from(Victim)
        .join(VictimExploitation, VictimExploitation.victim_id == Victim.id)
        .where(*where)
    )
    forms: dict[int, set[str]] = defaultdict(set)
    people: dict[int, tuple[str | None, int | None]] = {}
    steps: dict[int, list[tuple[str, str]]] = defaultdict(list)
    record: dict[int, int] = {}  # victim -> the record whose journey is theirs
    with engine.connect() as connection:
        for victim, form in connection.execute(forms_q):
            forms[victim].add(form)
        for victim, record_id, sex, age, stage, country in connection.execute(moves):
            known = people.get(victim, (None, None))
            people[victim] = (known[0] or sex, known[1] if known[1] is not None else age)
            if record.setdefault(victim, record_id) == record_id:
                steps[victim].append((stage, country))
    return [
        Journey(
            _path(steps[v]),
            sex or UNKNOWN,
            age_group(age),
            tuple(sorted(forms.get(v, ()))) or (UNKNOWN,),
        )
        for v, (sex, age) in people.items()
    ]


def victim_flows(
    found: Iterable[Journey],
    *,
    sex: str | None = None,
    age: str | None = None,
    form: str | None = None,
) -> FlowSet:
    """Victims along each path, for the victims matching the breakdown given."""
    flows = FlowSet("victims", "victims")
    for journey in found:
        if sex and journey.sex != sex:
            continue
        if age and journey.age_group != age:
            continue
        if form and form not in journey.forms:
            continue
        flows.add(journey.path)
    return flows


def breakdown(found: list[Journey]) -> dict[str, dict[str, FlowSet]]:
    """Flows for every value of each breakdown (sex, age group, form)."""
    out: dict[str, dict[str, FlowSet]] = {"sex": {}, "age_group": {}, "form": {}}
    for value in sorted({j.sex for j in found}):
        out["sex"][value] = victim_flows(found, sex=value)
    for value in sorted({j.age_group for j in found}):
        out["age_group"][value] = victim_flows(found, age=value)
    for value in sorted({f for j in found for f in j.forms}):
        out["form"][value] = victim_flows(found, form=value)
    return out
